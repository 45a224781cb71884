#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks on the built desktop integration files that the validators do not
# make:
#   check-data.sh translations DESKTOP METAINFO
#     the Japanese translation reached the merged desktop entry and metainfo
#   check-data.sh symbolic SVG
#     a symbolic icon is filled in the one colour GTK recolours, never stroked
# Prints one line per problem and exits 1 if there is any.
set -eu

xmllint=${XMLLINT:-xmllint}
lang=ja
failed=0

fail ()
{
  echo "$*" >&2
  failed=1
}

# Whether $1 has a byte outside printable ASCII: a translation into Japanese
# that is still English does not.
non_ascii ()
{
  printf '%s' "$1" | LC_ALL=C grep -q '[^ -~]'
}

desktop_value ()
{
  sed -n "s/^$2=//p" "$1" | head -n 1
}

xpath_count ()
{
  "$xmllint" --xpath "count($2)" "$1"
}

check_translations ()
{
  desktop=$1
  metainfo=$2

  for key in Name GenericName Comment Keywords; do
    source=$(desktop_value "$desktop" "$key")
    value=$(desktop_value "$desktop" "$key\\[$lang\\]")
    if [ -z "$value" ]; then
      fail "$desktop: no $key[$lang]"
    elif [ "$value" = "$source" ] || ! non_ascii "$value"; then
      fail "$desktop: $key[$lang] is not translated: $value"
    fi
  done
  case $(desktop_value "$desktop" "Keywords\\[$lang\\]") in
    *';') ;;
    *) fail "$desktop: Keywords[$lang] does not end with a semicolon" ;;
  esac

  "$xmllint" --noout "$metainfo" || fail "$metainfo: not well-formed"
  for element in name summary; do
    value=$("$xmllint" --xpath "string(/component/$element[@xml:lang='$lang'])" "$metainfo")
    if [ -z "$value" ]; then
      fail "$metainfo: no <$element xml:lang=\"$lang\">"
    elif ! non_ascii "$value"; then
      fail "$metainfo: <$element xml:lang=\"$lang\"> is not translated: $value"
    fi
  done
  # Every paragraph and list item of every description, the releases'
  # included, has its translation.
  for element in p li; do
    source=$(xpath_count "$metainfo" "//description//$element[not(@xml:lang)]")
    translated=$(xpath_count "$metainfo" "//description//$element[@xml:lang='$lang']")
    if [ "$source" -eq 0 ] || [ "$source" != "$translated" ]; then
      fail "$metainfo: $translated of $source <$element> translated into $lang"
    fi
  done
}

check_symbolic ()
{
  svg=$1

  "$xmllint" --noout "$svg" || fail "$svg: not well-formed"
  if grep -q 'stroke' "$svg"; then
    fail "$svg: strokes; a symbolic icon is filled only"
  fi
  colours=$(grep -o -i '#[0-9a-f]\{3,8\}\b' "$svg" | sort -u | tr '\n' ' ')
  if [ "$colours" != '#2e3436 ' ]; then
    fail "$svg: colours other than #2e3436: $colours"
  fi
  case $(grep -o 'viewBox="[^"]*"' "$svg") in
    'viewBox="0 0 16 16"') ;;
    *) fail "$svg: not 16×16" ;;
  esac
}

case ${1:-} in
  translations)
    [ $# -eq 3 ] || { echo "usage: $0 translations DESKTOP METAINFO" >&2; exit 2; }
    check_translations "$2" "$3"
    ;;
  symbolic)
    [ $# -eq 2 ] || { echo "usage: $0 symbolic SVG" >&2; exit 2; }
    check_symbolic "$2"
    ;;
  *)
    echo "usage: $0 translations DESKTOP METAINFO | symbolic SVG" >&2
    exit 2
    ;;
esac

exit $failed
