/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The grammars of the values of xAPI statements (Data 4.0), apart from
 * the walk of a statement in awareness-xapi-validate.c: RFC 5646
 * language tags, RFC 3987 IRIs, ISO 8601 timestamps and durations, and
 * the smaller formats (versions, mailto IRIs, SHA-1 and SHA-2 digests,
 * media types).  See awareness-xapi-validate.c for the readings of the
 * specification that are not obvious.
 */
#include "config.h"

#include <string.h>

#include "awareness-private.h"

/* Formats of values (Data 4.0) */

typedef enum {
  CHARS_ALPHA,
  CHARS_DIGIT,
  CHARS_ALNUM,
} CharClass;

static gboolean
subtag_is (const char *subtag,
           gsize       min,
           gsize       max,
           CharClass   chars)
{
  gsize len = strlen (subtag);

  if (len < min || len > max)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      gboolean ok = FALSE;

      switch (chars)
        {
        case CHARS_ALPHA:
          ok = g_ascii_isalpha (subtag[i]);
          break;
        case CHARS_DIGIT:
          ok = g_ascii_isdigit (subtag[i]);
          break;
        case CHARS_ALNUM:
          ok = g_ascii_isalnum (subtag[i]);
          break;
        default:
          g_assert_not_reached ();
        }
      if (!ok)
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_singleton (const char *subtag,
              char        letter)
{
  return subtag[0] != '\0' && subtag[1] == '\0' && g_ascii_tolower (subtag[0]) == letter;
}

/* privateuse = "x" 1*("-" (1*8alphanum)), from the subtag after the "x". */
static gboolean
private_use_is_valid (char  **subtags,
                      guint   from,
                      guint   n)
{
  if (from >= n)
    return FALSE;

  for (guint i = from; i < n; i++)
    if (!subtag_is (subtags[i], 1, 8, CHARS_ALNUM))
      return FALSE;

  return TRUE;
}

/* The tags of RFC 5646, 2.2.8, that do not follow the grammar of the rest. */
static const char * const grandfathered_tags[] = {
  "en-GB-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon",
  "i-lux", "i-mingo", "i-navajo", "i-pwn", "i-tao", "i-tay", "i-tsu", "sgn-BE-FR",
  "sgn-BE-NL", "sgn-CH-DE", "art-lojban", "cel-gaulish", "no-bok", "no-nyn",
  "zh-guoyu", "zh-hakka", "zh-min", "zh-min-nan", "zh-xiang",
};

/**
 * awareness_xapi_validate_language_tag:
 * @tag: a language tag, such as `ja-JP`
 *
 * Checks that @tag is a well-formed RFC 5646 language tag: that its
 * subtags follow the grammar of RFC 5646, 2.1, in kind and length, as
 * xAPI requires of the keys of language maps (Data 2.2, 4.2).  Whether
 * the subtags are registered is not checked.
 *
 * Returns: `TRUE` if @tag is well-formed
 *
 * Since: 0.2
 */
gboolean
awareness_xapi_validate_language_tag (const char *tag)
{
  g_auto(GStrv) subtags = NULL;
  guint n;
  guint i = 0;

  g_return_val_if_fail (tag != NULL, FALSE);

  for (guint g = 0; g < G_N_ELEMENTS (grandfathered_tags); g++)
    if (g_ascii_strcasecmp (tag, grandfathered_tags[g]) == 0)
      return TRUE;

  subtags = g_strsplit (tag, "-", -1);
  n = g_strv_length (subtags);
  if (n == 0)
    return FALSE;

  if (is_singleton (subtags[0], 'x'))
    return private_use_is_valid (subtags, 1, n);

  /* language = 2*3ALPHA ["-" extlang] / 4ALPHA / 5*8ALPHA,
   * extlang = 3ALPHA *2("-" 3ALPHA) */
  if (!subtag_is (subtags[i], 2, 8, CHARS_ALPHA))
    return FALSE;
  if (strlen (subtags[i++]) <= 3)
    for (guint e = 0; e < 3 && i < n && subtag_is (subtags[i], 3, 3, CHARS_ALPHA); e++)
      i++;

  /* script = 4ALPHA */
  if (i < n && subtag_is (subtags[i], 4, 4, CHARS_ALPHA))
    i++;

  /* region = 2ALPHA / 3DIGIT */
  if (i < n && (subtag_is (subtags[i], 2, 2, CHARS_ALPHA) ||
                subtag_is (subtags[i], 3, 3, CHARS_DIGIT)))
    i++;

  /* variant = 5*8alphanum / (DIGIT 3alphanum) */
  while (i < n && (subtag_is (subtags[i], 5, 8, CHARS_ALNUM) ||
                   (subtag_is (subtags[i], 4, 4, CHARS_ALNUM) && g_ascii_isdigit (subtags[i][0]))))
    i++;

  /* extension = singleton 1*("-" (2*8alphanum)) */
  while (i < n && subtag_is (subtags[i], 1, 1, CHARS_ALNUM) && !is_singleton (subtags[i], 'x'))
    {
      guint first = ++i;

      while (i < n && subtag_is (subtags[i], 2, 8, CHARS_ALNUM))
        i++;
      if (i == first)
        return FALSE;
    }

  if (i < n && is_singleton (subtags[i], 'x'))
    return private_use_is_valid (subtags, i + 1, n);

  return i == n;
}

/* Spaces, controls, the ASCII characters that RFC 3987 leaves out of
 * IRIs, bidirectional formatting characters (RFC 3987, 4.1) and
 * non-characters. */
static gboolean
is_excluded_from_iri (gunichar c)
{
  if (c <= 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f))
    return TRUE;
  if (c < 0x80 && strchr ("<>\"{}|\\^`", (int) c) != NULL)
    return TRUE;
  if (c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e))
    return TRUE;
  if ((c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) == 0xfffe)
    return TRUE;
  return FALSE;
}

/**
 * awareness_xapi_validate_iri:
 * @iri: a string
 *
 * Checks, best effort as xAPI allows (Data 2.2), that @iri is an absolute
 * IRI: a scheme, a colon and a non-empty rest in valid UTF-8, without
 * spaces, control characters or the characters RFC 3987 excludes, with
 * well-formed percent-encodings and at most one fragment.  IRLs are
 * checked the same way.
 *
 * Returns: `TRUE` if @iri looks like an absolute IRI
 *
 * Since: 0.2
 */
gboolean
awareness_xapi_validate_iri (const char *iri)
{
  const char *p;
  guint n_hashes = 0;

  g_return_val_if_fail (iri != NULL, FALSE);

  /* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
  if (!g_ascii_isalpha (iri[0]))
    return FALSE;
  for (p = iri + 1; g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.'; p++)
    ;
  if (*p != ':' || p[1] == '\0')
    return FALSE;
  if (!g_utf8_validate (p, -1, NULL))
    return FALSE;

  for (p++; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_excluded_from_iri (c))
        return FALSE;
      if (c == '%' && !(g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2])))
        return FALSE;
      if (c == '#' && ++n_hashes > 1)
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_leap_year (gint year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static gint
days_in_month (gint year,
               gint month)
{
  static const gint days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  return month == 2 && is_leap_year (year) ? 29 : days[month - 1];
}

/* Days from 1970-01-01 to a date of the proleptic Gregorian calendar
 * (H. Hinnant's days_from_civil). */
static gint64
days_from_civil (gint year,
                 gint month,
                 gint day)
{
  gint64 y = year - (month <= 2);
  gint64 era = (y >= 0 ? y : y - 399) / 400;
  gint64 year_of_era = y - era * 400;
  gint64 day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  gint64 day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;

  return era * 146097 + day_of_era - 719468;
}

/* 1 for Monday to 7 for Sunday, as in ISO 8601. */
static gint
iso_weekday (gint64 days)
{
  return (gint) (((days % 7) + 7 + 3) % 7) + 1;
}

static gint
weeks_in_year (gint year)
{
  gint jan1 = iso_weekday (days_from_civil (year, 1, 1));

  return jan1 == 4 || (jan1 == 3 && is_leap_year (year)) ? 53 : 52;
}

static gboolean
read_digits (const char **p,
             guint        count,
             gint        *value)
{
  gint v = 0;

  for (guint i = 0; i < count; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      v = v * 10 + ((*p)[i] - '0');
    }

  *p += count;
  *value = v;
  return TRUE;
}

static gsize
count_digits (const char *p)
{
  gsize n = 0;

  while (g_ascii_isdigit (p[n]))
    n++;
  return n;
}

/* A decimal fraction: a comma or full stop, then digits.  Returns -1 if
 * malformed, 0 if there is none, 1 if one was read. */
static int
read_fraction (const char **p,
               double      *fraction)
{
  double scale = 0.1;

  *fraction = 0.0;
  if (**p != '.' && **p != ',')
    return 0;
  if (!g_ascii_isdigit ((*p)[1]))
    return -1;

  for ((*p)++; g_ascii_isdigit (**p); (*p)++)
    {
      *fraction += (**p - '0') * scale;
      scale /= 10;
    }
  return 1;
}

/* The date of a combined date and time: calendar (YYYY-MM-DD, YYYYMMDD),
 * ordinal (YYYY-DDD, YYYYDDD) or week (YYYY-Www-D, YYYYWwwD). */
static gboolean
parse_date (const char **p,
            gboolean    *extended,
            gint64      *days)
{
  gint year, month, day;

  if (!read_digits (p, 4, &year))
    return FALSE;
  *extended = **p == '-';
  if (*extended)
    (*p)++;

  if (**p == 'W')
    {
      gint week, weekday;
      gint64 jan4;

      (*p)++;
      if (!read_digits (p, 2, &week))
        return FALSE;
      if (*extended && *(*p)++ != '-')
        return FALSE;
      if (!read_digits (p, 1, &weekday))
        return FALSE;
      if (week < 1 || week > weeks_in_year (year) || weekday < 1 || weekday > 7)
        return FALSE;

      /* Week 1 is the week with 4 January in it. */
      jan4 = days_from_civil (year, 1, 4);
      *days = jan4 - (iso_weekday (jan4) - 1) + (week - 1) * 7 + (weekday - 1);
      return TRUE;
    }

  switch (count_digits (*p))
    {
    case 3:
      if (!read_digits (p, 3, &day) || day < 1 || day > (is_leap_year (year) ? 366 : 365))
        return FALSE;
      *days = days_from_civil (year, 1, 1) + day - 1;
      return TRUE;

    case 2:
    case 4:
      if (!read_digits (p, 2, &month))
        return FALSE;
      if (*extended && *(*p)++ != '-')
        return FALSE;
      if (!read_digits (p, 2, &day) || g_ascii_isdigit (**p))
        return FALSE;
      if (month < 1 || month > 12 || day < 1 || day > days_in_month (year, month))
        return FALSE;
      *days = days_from_civil (year, month, day);
      return TRUE;

    default:
      return FALSE;
    }
}

/* A time of day, hh[:mm[:ss]] or hh[mm[ss]], in microseconds, a decimal
 * fraction allowed on the last component. */
static gboolean
parse_time (const char **p,
            gboolean     extended,
            gint64      *usec)
{
  gint hour, minute = 0, second = 0;
  gint64 unit = G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC;
  double fraction;

  if (!read_digits (p, 2, &hour))
    return FALSE;
  if (extended ? **p == ':' : g_ascii_isdigit (**p))
    {
      if (extended)
        (*p)++;
      if (!read_digits (p, 2, &minute))
        return FALSE;
      unit = G_GINT64_CONSTANT (60) * G_USEC_PER_SEC;
      if (extended ? **p == ':' : g_ascii_isdigit (**p))
        {
          if (extended)
            (*p)++;
          if (!read_digits (p, 2, &second))
            return FALSE;
          unit = G_USEC_PER_SEC;
        }
    }
  if (read_fraction (p, &fraction) < 0)
    return FALSE;

  /* 24:00 is the end of the day; 60 is a leap second. */
  if (hour > 24 || minute > 59 || second > 60)
    return FALSE;
  if (hour == 24 && (minute != 0 || second != 0 || fraction != 0.0))
    return FALSE;

  *usec = (hour * G_GINT64_CONSTANT (3600) + minute * 60 + second) * G_USEC_PER_SEC +
          (gint64) (fraction * unit + 0.5);
  return TRUE;
}

/* Z, or an offset ±hh, ±hhmm or ±hh:mm, or nothing. */
static gboolean
parse_zone (const char **p,
            AwarenessXapiInstant     *instant)
{
  gint sign, hours, minutes = 0;

  if (**p == 'Z' || **p == 'z')
    {
      (*p)++;
      instant->has_zone = TRUE;
      return TRUE;
    }
  if (**p != '+' && **p != '-')
    return TRUE;

  sign = *(*p)++ == '-' ? -1 : 1;
  if (!read_digits (p, 2, &hours))
    return FALSE;
  if (**p == ':')
    (*p)++;
  if ((g_ascii_isdigit (**p) || (*p)[-1] == ':') && !read_digits (p, 2, &minutes))
    return FALSE;
  if (hours > 23 || minutes > 59)
    return FALSE;

  instant->has_zone = TRUE;
  instant->negative_zero = sign < 0 && hours == 0 && minutes == 0;
  instant->usec -= sign * (hours * G_GINT64_CONSTANT (3600) + minutes * 60) * G_USEC_PER_SEC;
  return TRUE;
}

gboolean
_awareness_xapi_parse_timestamp (const char *text,
                 AwarenessXapiInstant    *instant)
{
  const char *p = text;
  gboolean extended;
  gint64 days, usec;

  memset (instant, 0, sizeof *instant);

  if (!parse_date (&p, &extended, &days))
    return FALSE;
  if (*p != 'T' && *p != 't')
    return FALSE;
  p++;
  if (!parse_time (&p, extended, &usec))
    return FALSE;

  instant->usec = days * G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC + usec;
  if (!parse_zone (&p, instant))
    return FALSE;

  return *p == '\0';
}

/**
 * awareness_xapi_validate_timestamp:
 * @text: a string
 *
 * Checks that @text is a timestamp as xAPI requires (Data 4.5): an ISO
 * 8601 combined date and time, such as `2026-04-01T09:30:00.000Z`, in
 * basic or extended format.  The time zone may be left out, as it is
 * only recommended; a negative zero offset such as `-00:00` is refused,
 * as ISO 8601 does not allow it.
 *
 * Returns: `TRUE` if @text is such a timestamp
 *
 * Since: 0.2
 */
gboolean
awareness_xapi_validate_timestamp (const char *text)
{
  AwarenessXapiInstant instant;

  g_return_val_if_fail (text != NULL, FALSE);

  return _awareness_xapi_parse_timestamp (text, &instant) && !instant.negative_zero;
}

/**
 * awareness_xapi_validate_duration:
 * @text: a string
 *
 * Checks that @text is an ISO 8601 duration in the format of ISO
 * 8601:2004, 4.4.3.2, as xAPI requires (Data 4.6): `P`, then years,
 * months and days, then `T` and hours, minutes and seconds, each optional
 * but in this order and at least one, a decimal fraction only on the last;
 * or weeks alone, as in `P4W`.  The alternative format
 * (`P0003-01-29T04:35:59`) is refused.
 *
 * Returns: `TRUE` if @text is such a duration
 *
 * Since: 0.2
 */
gboolean
awareness_xapi_validate_duration (const char *text)
{
  static const char date_units[] = "YMD";
  static const char time_units[] = "HMS";
  const char *units = date_units;
  const char *p = text;
  gboolean in_time = FALSE;
  gboolean fraction = FALSE;
  guint n_date = 0, n_time = 0;
  gssize last = -1;

  g_return_val_if_fail (text != NULL, FALSE);

  if (*p++ != 'P')
    return FALSE;

  while (*p != '\0')
    {
      const char *unit;

      if (*p == 'T' && !in_time)
        {
          in_time = TRUE;
          units = time_units;
          last = -1;
          p++;
          continue;
        }

      /* Only the last component may have a fraction. */
      if (fraction || !g_ascii_isdigit (*p))
        return FALSE;
      p += count_digits (p);
      if (*p == '.' || *p == ',')
        {
          if (!g_ascii_isdigit (p[1]))
            return FALSE;
          p += 1 + count_digits (p + 1);
          fraction = TRUE;
        }

      /* Weeks cannot be combined with anything else. */
      if (*p == 'W' && !in_time && n_date == 0)
        return p[1] == '\0';

      unit = *p != '\0' ? strchr (units, *p) : NULL;
      if (unit == NULL || unit - units <= last)
        return FALSE;
      last = unit - units;
      p++;
      if (in_time)
        n_time++;
      else
        n_date++;
    }

  return in_time ? n_time > 0 : n_date > 0;
}

/* "1.0" or "1.0.x", x a number without leading zeros, perhaps with a
 * pre-release suffix of Semantic Versioning 1.0.0 ("1.0.0-rc1"). */
gboolean
_awareness_xapi_is_version_1_0 (const char *version)
{
  const char *p;

  if (!g_str_has_prefix (version, "1.0"))
    return FALSE;
  p = version + 3;
  if (*p == '\0')
    return TRUE;
  if (*p++ != '.' || !g_ascii_isdigit (*p))
    return FALSE;
  if (*p == '0' && g_ascii_isdigit (p[1]))
    return FALSE;
  p += count_digits (p);
  if (*p == '\0')
    return TRUE;
  if (*p++ != '-' || *p == '\0')
    return FALSE;
  for (; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

/* "mailto:" and an address with something on either side of its "@". */
gboolean
_awareness_xapi_is_mailto_iri (const char *text)
{
  const char *address, *at;

  if (!g_str_has_prefix (text, "mailto:"))
    return FALSE;
  address = text + strlen ("mailto:");
  at = strrchr (address, '@');
  return at != NULL && at != address && at[1] != '\0' && awareness_xapi_validate_iri (text);
}

gboolean
_awareness_xapi_is_hex (const char *text,
        gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;
  return text[len] == '\0';
}

/* Hex digits of SHA-224, SHA-256, SHA-384 or SHA-512. */
gboolean
_awareness_xapi_is_sha2 (const char *text)
{
  gsize len = strlen (text);

  return (len == 56 || len == 64 || len == 96 || len == 128) && _awareness_xapi_is_hex (text, len);
}

static gboolean
is_token_char (char c)
{
  return c > 0x20 && c < 0x7f && strchr ("()<>@,;:\\\"/[]?=", c) == NULL;
}

/* type "/" subtype, then perhaps parameters (RFC 2045, 5.1). */
gboolean
_awareness_xapi_is_media_type (const char *text)
{
  const char *p = text;
  const char *start;

  for (start = p; is_token_char (*p); p++)
    ;
  if (p == start || *p++ != '/')
    return FALSE;
  for (start = p; is_token_char (*p); p++)
    ;
  if (p == start)
    return FALSE;
  while (*p == ' ' || *p == '\t')
    p++;
  return *p == '\0' || *p == ';';
}

