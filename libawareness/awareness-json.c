/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Every JSON text that comes from outside (a request to the server, a
 * server's answer to the client, a transfer file) is read here.
 *
 * json-glib's parser is recursive: an array nested 100,000 deep overflows
 * the stack and ends the process.  So before json-glib sees a text, one
 * pass without recursion measures it (size, nesting, number of values,
 * longest string) and refuses it over the limits.  The pass also refuses
 * the characters that strict JSON does not have outside strings (comments,
 * single quotes): json-glib's scanner would read those, and a string the
 * pass did not see could hide nesting from it.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "awareness-json.h"

/**
 * awareness_json_error_quark:
 *
 * The error domain of #AwarenessJsonError.
 *
 * Returns: the #GQuark of %AWARENESS_JSON_ERROR
 *
 * Since: 0.2
 */
G_DEFINE_QUARK (awareness-json-error-quark, awareness_json_error)

static const AwarenessJsonLimits default_limits = {
  .max_bytes = 64 * 1024 * 1024,
  .max_depth = 64,
  .max_values = 1000000,
  .max_string = 16 * 1024 * 1024,
};

/**
 * awareness_json_default_limits:
 *
 * The limits used where a caller gives none: 64 MiB of text, nesting 64
 * deep, a million values, strings of 16 MiB.
 *
 * Returns: (transfer none): the default limits
 *
 * Since: 0.2
 */
const AwarenessJsonLimits *
awareness_json_default_limits (void)
{
  return &default_limits;
}

static gboolean
outside_string_char (char c)
{
  /* Whitespace, punctuation, numbers and the letters of true, false and null. */
  return strchr (" \t\r\n,:-+.0123456789eEtrufalsn", c) != NULL && c != '\0';
}

/**
 * awareness_json_check_bounds:
 * @data: the text
 * @length: its length in bytes, or -1 if it ends with a NUL
 * @limits: (nullable): the limits, or %NULL for the defaults
 * @error: return location for an error in %AWARENESS_JSON_ERROR
 *
 * Checks, without parsing, that @data is within @limits.  It does not
 * check that @data is JSON beyond the characters outside strings.
 *
 * Returns: %TRUE if json-glib may parse @data
 *
 * Since: 0.2
 */
gboolean
awareness_json_check_bounds (const char                 *data,
                             gssize                      length,
                             const AwarenessJsonLimits  *limits,
                             GError                    **error)
{
  gsize size = length < 0 ? strlen (data) : (gsize) length;
  gsize max_bytes =
      limits != NULL && limits->max_bytes != 0 ? limits->max_bytes : default_limits.max_bytes;
  guint max_depth =
      limits != NULL && limits->max_depth != 0 ? limits->max_depth : default_limits.max_depth;
  gsize max_values =
      limits != NULL && limits->max_values != 0 ? limits->max_values : default_limits.max_values;
  gsize max_string =
      limits != NULL && limits->max_string != 0 ? limits->max_string : default_limits.max_string;
  guint depth = 0;
  gsize values = 1;
  gsize i = 0;

  if (size > max_bytes)
    {
      g_set_error (error, AWARENESS_JSON_ERROR, AWARENESS_JSON_ERROR_TOO_LARGE,
                   _("The JSON text is %lu bytes long; the limit is %lu"),
                   (gulong) size, (gulong) max_bytes);
      return FALSE;
    }

  while (i < size)
    {
      char c = data[i];

      if (c == '"')
        {
          gsize start = ++i;

          while (i < size && data[i] != '"')
            i += data[i] == '\\' ? 2 : 1;
          if (i - start > max_string)
            {
              g_set_error (error, AWARENESS_JSON_ERROR, AWARENESS_JSON_ERROR_TOO_LARGE,
                           _("A JSON string at byte %lu is over the limit of %lu bytes"),
                           (gulong) start, (gulong) max_string);
              return FALSE;
            }
          i++;
          continue;
        }
      if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            {
              g_set_error (error, AWARENESS_JSON_ERROR, AWARENESS_JSON_ERROR_TOO_DEEP,
                           _("The JSON text is nested deeper than %u levels (at byte %lu)"),
                           max_depth, (gulong) i);
              return FALSE;
            }
        }
      else if (c == ']' || c == '}')
        {
          if (depth > 0)
            depth--;
        }
      else if (c == ',')
        {
          if (++values > max_values)
            {
              g_set_error (error, AWARENESS_JSON_ERROR, AWARENESS_JSON_ERROR_TOO_MANY,
                           _("The JSON text has more than %lu values"), (gulong) max_values);
              return FALSE;
            }
        }
      else if (!outside_string_char (c))
        {
          g_set_error (error, AWARENESS_JSON_ERROR, AWARENESS_JSON_ERROR_INVALID,
                       _("The text is not JSON: unexpected character at byte %lu"), (gulong) i);
          return FALSE;
        }
      i++;
    }

  return TRUE;
}

static gboolean
load_checked (JsonParser                 *parser,
              const char                 *data,
              gssize                      length,
              const AwarenessJsonLimits  *limits,
              GError                    **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!awareness_json_check_bounds (data, length, limits, error))
    return FALSE;
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, AWARENESS_JSON_ERROR, AWARENESS_JSON_ERROR_INVALID,
                   _("The text is not JSON: %s"), local_error->message);
      return FALSE;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, AWARENESS_JSON_ERROR, AWARENESS_JSON_ERROR_INVALID,
                           _("The text is not JSON: it is empty"));
      return FALSE;
    }

  return TRUE;
}

/**
 * awareness_json_parser_load:
 * @parser: a parser
 * @data: (nullable): the text
 * @length: its length in bytes, or -1 if it ends with a NUL
 * @error: return location for an error in %AWARENESS_JSON_ERROR
 *
 * json_parser_load_from_data() with the default limits checked first:
 * the one way the library and its programs load JSON from outside.
 *
 * Returns: %TRUE if @parser holds the text
 *
 * Since: 0.2
 */
gboolean
awareness_json_parser_load (JsonParser  *parser,
                            const char  *data,
                            gssize       length,
                            GError     **error)
{
  return load_checked (parser, data != NULL ? data : "", data != NULL ? length : 0, NULL, error);
}

/**
 * awareness_json_parse_bounded:
 * @data: (nullable): the text
 * @length: its length in bytes, or -1 if it ends with a NUL
 * @limits: (nullable): the limits, or %NULL for the defaults
 * @error: return location for an error in %AWARENESS_JSON_ERROR
 *
 * Parses @data if it is within @limits.
 *
 * Returns: (transfer full) (nullable): the root of the text, or %NULL
 *
 * Since: 0.2
 */
JsonNode *
awareness_json_parse_bounded (const char                 *data,
                              gssize                      length,
                              const AwarenessJsonLimits  *limits,
                              GError                    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!load_checked (parser, data != NULL ? data : "", data != NULL ? length : 0, limits, error))
    return NULL;

  return json_node_copy (json_parser_get_root (parser));
}
