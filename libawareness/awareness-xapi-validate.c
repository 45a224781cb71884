/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Validation of xAPI 1.0.3 statements (shared/xapi/, the Data part), as a
 * Learning Record Store must do before it stores one, and the statement
 * comparison of Data 2.3.1 that makes PUT and POST idempotent.
 *
 * Every kind of object has a table of its allowed properties, each with a
 * checker; check_members() walks an object against its table.  Unknown
 * properties, null values and missing required properties are refused
 * there; the checkers refuse wrong types and formats.  The few rules that
 * involve more than one property (one inverse functional identifier,
 * score ranges, voiding, revision and platform, interaction component
 * lists) run after the walk.
 *
 * The messages go to xAPI clients over HTTP, where the learner's language
 * is unknown, so they are plain English and deliberately not marked for
 * translation.  Each begins with the JSON path of the wrong value.
 *
 * Readings of the specification that are not obvious:
 *
 * - `stored` and `authority` are accepted from clients.  The Data part
 *   says that the store "SHOULD validate and then MUST overwrite" a
 *   received `stored` (2.4.8), and that `authority` is optional, set by
 *   the store if not provided, and MAY be kept where there is strong
 *   trust (2.4.9); the ADL conformance suite sends both and expects them
 *   accepted.  So both are validated like the rest, with or without
 *   `AWARENESS_XAPI_VALIDATE_ALLOW_LRS_PROPERTIES`, and the store then
 *   overwrites them.  Only a SubStatement MUST NOT have them (2.4.4.3).
 * - A Group `authority` (3-legged OAuth, 2.4.9) has exactly two Agent
 *   members and no identifier of its own.
 * - Timestamps (4.5) are ISO 8601 combined date and time representations:
 *   calendar, ordinal or week dates, basic or extended format (not mixed),
 *   a time of day to the hour, minute or second with an optional decimal
 *   fraction.  A time zone is only SHOULD*, so one without is accepted; a
 *   zone may be written ±hh, ±hhmm or ±hh:mm whatever the format, as
 *   common clients mix them.  An offset of -00:00 (or -0000, -00) is
 *   refused: ISO 8601 has no negative zero, only Z or +00:00; "-00:00" is
 *   RFC 3339's "unknown local offset", which is not an ISO 8601 zone.
 * - Language maps may be empty: 2.2 only says that objects SHOULD NOT be.
 * - Response patterns are not checked against the interaction type: the
 *   store MAY do so and SHOULD* NOT limit them (2.4.4.1).
 * - The version may be "1.0" or 1.0.x, with a Semantic Versioning 1.0.0
 *   pre-release suffix: 2.4.10 says it starts with "1.0." but must be
 *   formatted as the version header, which takes "1.0" as "1.0.0".
 */
#include "config.h"

#include <math.h>  /* isfinite(), a macro: no libm */
#include <stdarg.h>
#include <string.h>

#include "awareness-private.h"

#define VERB_VOIDED           "http://adlnet.gov/expapi/verbs/voided"
#define USAGE_TYPE_SIGNATURE  "http://adlnet.gov/expapi/attachments/signature"

G_DEFINE_QUARK (awareness-xapi-error-quark, awareness_xapi_error)

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

typedef struct
{
  gint64   usec;           /* since 1970-01-01T00:00:00, in UTC if has_zone */
  gboolean has_zone;
  gboolean negative_zero;  /* the offset was -00:00, which ISO 8601 forbids */
} Instant;

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
            Instant     *instant)
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

static gboolean
parse_timestamp (const char *text,
                 Instant    *instant)
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
 */
gboolean
awareness_xapi_validate_timestamp (const char *text)
{
  Instant instant;

  g_return_val_if_fail (text != NULL, FALSE);

  return parse_timestamp (text, &instant) && !instant.negative_zero;
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
static gboolean
is_version_1_0 (const char *version)
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
static gboolean
is_mailto_iri (const char *text)
{
  const char *address, *at;

  if (!g_str_has_prefix (text, "mailto:"))
    return FALSE;
  address = text + strlen ("mailto:");
  at = strrchr (address, '@');
  return at != NULL && at != address && at[1] != '\0' && awareness_xapi_validate_iri (text);
}

static gboolean
is_hex (const char *text,
        gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;
  return text[len] == '\0';
}

/* Hex digits of SHA-224, SHA-256, SHA-384 or SHA-512. */
static gboolean
is_sha2 (const char *text)
{
  gsize len = strlen (text);

  return (len == 56 || len == 64 || len == 96 || len == 128) && is_hex (text, len);
}

static gboolean
is_token_char (char c)
{
  return c > 0x20 && c < 0x7f && strchr ("()<>@,;:\\\"/[]?=", c) == NULL;
}

/* type "/" subtype, then perhaps parameters (RFC 2045, 5.1). */
static gboolean
is_media_type (const char *text)
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

/* Walking a statement */

typedef struct
{
  /* Not consulted: clients may send `stored` and `authority` too (see
   * the top of the file). */
  AwarenessXapiValidateFlags   flags;
  GString                     *path;
  GError                     **error;
  gboolean                     in_substatement;
  gboolean                     object_is_activity;  /* of the statement being walked */
} Validator;

typedef gboolean (*Check) (Validator *v,
                           JsonNode  *node);

typedef struct
{
  const char *name;
  Check       check;
  gboolean    required;
} Property;

#define CHECK_MEMBERS(v, object, table) check_members (v, object, table, G_N_ELEMENTS (table))

static gsize
path_push_key (Validator  *v,
               const char *key)
{
  gsize len = v->path->len;

  if (len > 0)
    g_string_append_c (v->path, '.');
  g_string_append (v->path, key);
  return len;
}

static gsize
path_push_index (Validator *v,
                 guint      i)
{
  gsize len = v->path->len;

  g_string_append_printf (v->path, "[%u]", i);
  return len;
}

static void
path_pop (Validator *v,
          gsize      len)
{
  g_string_truncate (v->path, len);
}

/* A value for a message: quoted, shortened, controls escaped. */
static char *
quote (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *s = g_string_new ("“");
  guint n = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (n++ == 64)
        {
          g_string_append (s, "…");
          break;
        }
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f))
        g_string_append_printf (s, "\\u%04X", c);
      else
        g_string_append_unichar (s, c);
    }
  g_string_append (s, "”");

  return g_string_free (s, FALSE);
}

static char *
format_number (JsonNode *node)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
}

static const char *
type_name (JsonNode *node)
{
  GType type;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "an array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
      type = json_node_get_value_type (node);
      if (type == G_TYPE_STRING)
        return "a string";
      if (type == G_TYPE_BOOLEAN)
        return "a boolean";
      return "a number";
    default:
      return "an unknown value";
    }
}

static gboolean fail (Validator  *v,
                      const char *format,
                      ...) G_GNUC_PRINTF (2, 3);
static gboolean fail_at (Validator  *v,
                         const char *key,
                         const char *format,
                         ...) G_GNUC_PRINTF (3, 4);
static gboolean fail_version (Validator  *v,
                              const char *format,
                              ...) G_GNUC_PRINTF (2, 3);
static gboolean fail_valist (Validator          *v,
                             AwarenessXapiError  code,
                             const char         *format,
                             va_list             args) G_GNUC_PRINTF (3, 0);

static gboolean
fail_valist (Validator          *v,
             AwarenessXapiError  code,
             const char         *format,
             va_list             args)
{
  g_autofree char *reason = g_strdup_vprintf (format, args);

  g_set_error (v->error, AWARENESS_XAPI_ERROR, code, "%s: %s",
               v->path->len > 0 ? v->path->str : "statement", reason);
  return FALSE;
}

/* Refuses the value at the current path.  Always returns `FALSE`. */
static gboolean
fail (Validator  *v,
      const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  fail_valist (v, AWARENESS_XAPI_ERROR_INVALID, format, args);
  va_end (args);
  return FALSE;
}

/* Refuses the property @key of the object at the current path. */
static gboolean
fail_at (Validator  *v,
         const char *key,
         const char *format,
         ...)
{
  va_list args;

  path_push_key (v, key);
  va_start (args, format);
  fail_valist (v, AWARENESS_XAPI_ERROR_INVALID, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
fail_version (Validator  *v,
              const char *format,
              ...)
{
  va_list args;

  va_start (args, format);
  fail_valist (v, AWARENESS_XAPI_ERROR_VERSION, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
fail_value (Validator  *v,
            const char *value,
            const char *reason)
{
  g_autofree char *quoted = quote (value);

  return fail (v, "%s %s", quoted, reason);
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
is_number (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) &&
         (json_node_get_value_type (node) == G_TYPE_INT64 ||
          json_node_get_value_type (node) == G_TYPE_DOUBLE);
}

static gboolean
expect_object (Validator   *v,
               JsonNode    *node,
               JsonObject **object)
{
  *object = NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (v, "expected an object, got %s", type_name (node));
  *object = json_node_get_object (node);
  return TRUE;
}

static gboolean
expect_array (Validator  *v,
              JsonNode   *node,
              JsonArray **array)
{
  *array = NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (v, "expected an array, got %s", type_name (node));
  *array = json_node_get_array (node);
  return TRUE;
}

static gboolean
expect_string (Validator   *v,
               JsonNode    *node,
               const char **text)
{
  *text = NULL;
  if (!is_string (node))
    return fail (v, "expected a string, got %s", type_name (node));
  *text = json_node_get_string (node);
  return TRUE;
}

static const Property *
find_property (const Property *properties,
               gsize           n_properties,
               const char     *name)
{
  for (gsize i = 0; i < n_properties; i++)
    if (strcmp (properties[i].name, name) == 0)
      return &properties[i];
  return NULL;
}

/* Walks @object against its table: no unknown properties and no nulls
 * (Data 2.2), the required ones present, each one checked. */
static gboolean
check_members (Validator      *v,
               JsonObject     *object,
               const Property *properties,
               gsize           n_properties)
{
  g_autoptr(GList) names = json_object_get_members (object);
  const Property *type_property = find_property (properties, n_properties, "objectType");
  JsonNode *type = json_object_get_member (object, "objectType");

  /* A wrong objectType first: the properties it makes unknown would only
   * hide the real mistake. */
  if (type_property != NULL && type != NULL && !JSON_NODE_HOLDS_NULL (type))
    {
      gsize len = path_push_key (v, "objectType");

      if (!type_property->check (v, type))
        return FALSE;
      path_pop (v, len);
    }

  for (const GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (find_property (properties, n_properties, name) == NULL)
        return fail_at (v, name, "unknown property");
      if (JSON_NODE_HOLDS_NULL (json_object_get_member (object, name)))
        return fail_at (v, name, "null is not allowed");
    }

  for (gsize i = 0; i < n_properties; i++)
    {
      JsonNode *node = json_object_get_member (object, properties[i].name);
      gsize len;

      if (node == NULL)
        {
          if (properties[i].required)
            return fail_at (v, properties[i].name, "missing");
          continue;
        }

      len = path_push_key (v, properties[i].name);
      if (!properties[i].check (v, node))
        return FALSE;
      path_pop (v, len);
    }

  return TRUE;
}

/* The value of "objectType", or `NULL` if there is none. */
static gboolean
get_object_type (Validator   *v,
                 JsonObject  *object,
                 const char **type)
{
  JsonNode *node = json_object_get_member (object, "objectType");
  gsize len;

  *type = NULL;
  if (node == NULL)
    return TRUE;

  len = path_push_key (v, "objectType");
  if (!expect_string (v, node, type))
    return FALSE;
  path_pop (v, len);
  return TRUE;
}

/* Values */

static gboolean
check_string (Validator *v,
              JsonNode  *node)
{
  const char *text;

  return expect_string (v, node, &text);
}

static gboolean
check_boolean (Validator *v,
               JsonNode  *node)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (v, "expected a boolean, got %s", type_name (node));
  return TRUE;
}

static gboolean
check_number (Validator *v,
              JsonNode  *node)
{
  if (!is_number (node))
    return fail (v, "expected a number, got %s", type_name (node));
  if (!isfinite (json_node_get_double (node)))
    return fail (v, "not a finite number");
  return TRUE;
}

static gboolean
check_iri (Validator *v,
           JsonNode  *node)
{
  const char *text;

  if (!expect_string (v, node, &text))
    return FALSE;
  if (!awareness_xapi_validate_iri (text))
    return fail_value (v, text, "is not an absolute IRI");
  return TRUE;
}

static gboolean
check_irl (Validator *v,
           JsonNode  *node)
{
  const char *text;

  if (!expect_string (v, node, &text))
    return FALSE;
  if (!awareness_xapi_validate_iri (text))
    return fail_value (v, text, "is not an absolute IRL");
  return TRUE;
}

static gboolean
check_uuid (Validator *v,
            JsonNode  *node)
{
  const char *text;

  if (!expect_string (v, node, &text))
    return FALSE;
  /* The standard string form (Data 4.4), in either case, any version. */
  if (!g_uuid_string_is_valid (text))
    return fail_value (v, text, "is not a UUID");
  return TRUE;
}

static gboolean
check_language_tag (Validator *v,
                    JsonNode  *node)
{
  const char *text;

  if (!expect_string (v, node, &text))
    return FALSE;
  if (!awareness_xapi_validate_language_tag (text))
    return fail_value (v, text, "is not an RFC 5646 language tag");
  return TRUE;
}

/* Data 4.2: language tags to strings. */
static gboolean
check_language_map (Validator *v,
                    JsonNode  *node)
{
  JsonObject *object;
  g_autoptr(GList) tags = NULL;

  if (!expect_object (v, node, &object))
    return FALSE;

  tags = json_object_get_members (object);
  for (const GList *l = tags; l != NULL; l = l->next)
    {
      const char *tag = l->data;
      JsonNode *value = json_object_get_member (object, tag);

      if (!awareness_xapi_validate_language_tag (tag))
        {
          g_autofree char *quoted = quote (tag);

          return fail (v, "key %s is not an RFC 5646 language tag", quoted);
        }
      if (!is_string (value))
        return fail_at (v, tag, "expected a string, got %s", type_name (value));
    }

  return TRUE;
}

/* Data 4.1: IRIs to any JSON value, null included, which the store MUST
 * NOT judge. */
static gboolean
check_extensions (Validator *v,
                  JsonNode  *node)
{
  JsonObject *object;
  g_autoptr(GList) keys = NULL;

  if (!expect_object (v, node, &object))
    return FALSE;

  keys = json_object_get_members (object);
  for (const GList *l = keys; l != NULL; l = l->next)
    if (!awareness_xapi_validate_iri (l->data))
      {
        g_autofree char *quoted = quote (l->data);

        return fail (v, "key %s is not an absolute IRI", quoted);
      }

  return TRUE;
}

static gboolean
check_timestamp (Validator *v,
                 JsonNode  *node)
{
  const char *text;
  Instant instant;

  if (!expect_string (v, node, &text))
    return FALSE;
  if (!parse_timestamp (text, &instant))
    return fail_value (v, text, "is not an ISO 8601 timestamp");
  if (instant.negative_zero)
    return fail_value (v, text, "has a negative zero offset, which ISO 8601 does not allow; "
                                "use Z or +00:00");
  return TRUE;
}

static gboolean
check_duration (Validator *v,
                JsonNode  *node)
{
  const char *text;

  if (!expect_string (v, node, &text))
    return FALSE;
  if (!awareness_xapi_validate_duration (text))
    return fail_value (v, text, "is not an ISO 8601 duration");
  return TRUE;
}

/* Data 2.4.10: the store MUST reject any version but 1.0.x. */
static gboolean
check_version (Validator *v,
               JsonNode  *node)
{
  const char *text;
  g_autofree char *quoted = NULL;

  if (!is_string (node))
    return fail_version (v, "expected a string, got %s", type_name (node));
  text = json_node_get_string (node);
  if (is_version_1_0 (text))
    return TRUE;
  quoted = quote (text);
  return fail_version (v, "%s is not a 1.0.x version", quoted);
}

/* Data 2.4.4.3: no id, stored, version or authority in a SubStatement. */
static gboolean
check_forbidden_in_substatement (Validator *v,
                                 JsonNode  *node)
{
  return fail (v, "not allowed in a SubStatement");
}

static gboolean
expect_object_type (Validator  *v,
                    JsonNode   *node,
                    const char *expected)
{
  const char *type;
  g_autofree char *quoted = NULL;

  if (!expect_string (v, node, &type))
    return FALSE;
  if (strcmp (type, expected) == 0)
    return TRUE;
  quoted = quote (type);
  return fail (v, "%s is not “%s”", quoted, expected);
}

static gboolean
check_type_agent (Validator *v,
                  JsonNode  *node)
{
  return expect_object_type (v, node, "Agent");
}

static gboolean
check_type_group (Validator *v,
                  JsonNode  *node)
{
  return expect_object_type (v, node, "Group");
}

static gboolean
check_type_activity (Validator *v,
                     JsonNode  *node)
{
  return expect_object_type (v, node, "Activity");
}

static gboolean
check_type_statement_ref (Validator *v,
                          JsonNode  *node)
{
  return expect_object_type (v, node, "StatementRef");
}

static gboolean
check_type_substatement (Validator *v,
                         JsonNode  *node)
{
  return expect_object_type (v, node, "SubStatement");
}

/* Agents and Groups (Data 2.4.2) */

static gboolean
check_mbox (Validator *v,
            JsonNode  *node)
{
  const char *text;

  if (!expect_string (v, node, &text))
    return FALSE;
  if (!is_mailto_iri (text))
    return fail_value (v, text, "is not a mailto IRI");
  return TRUE;
}

static gboolean
check_mbox_sha1sum (Validator *v,
                    JsonNode  *node)
{
  const char *text;

  if (!expect_string (v, node, &text))
    return FALSE;
  if (!is_hex (text, 40))
    return fail_value (v, text, "is not a hex-encoded SHA-1 hash");
  return TRUE;
}

static const Property account_properties[] = {
  { "homePage", check_irl,    TRUE },
  { "name",     check_string, TRUE },
};

static gboolean
check_account (Validator *v,
               JsonNode  *node)
{
  JsonObject *object;

  return expect_object (v, node, &object) && CHECK_MEMBERS (v, object, account_properties);
}

/* The inverse functional identifiers (Data 2.4.2.3). */
static const char * const ifi_names[] = { "mbox", "mbox_sha1sum", "openid", "account" };

static guint
count_ifis (JsonObject *object)
{
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (ifi_names); i++)
    if (json_object_has_member (object, ifi_names[i]))
      n++;
  return n;
}

static const Property agent_properties[] = {
  { "objectType",   check_type_agent,   FALSE },
  { "name",         check_string,       FALSE },
  { "mbox",         check_mbox,         FALSE },
  { "mbox_sha1sum", check_mbox_sha1sum, FALSE },
  { "openid",       check_iri,          FALSE },
  { "account",      check_account,      FALSE },
};

static gboolean
check_agent (Validator *v,
             JsonNode  *node)
{
  JsonObject *object;
  guint n;

  if (!expect_object (v, node, &object) || !CHECK_MEMBERS (v, object, agent_properties))
    return FALSE;

  n = count_ifis (object);
  if (n != 1)
    return fail (v, "an Agent needs exactly one inverse functional identifier "
                    "(mbox, mbox_sha1sum, openid or account), not %u", n);
  return TRUE;
}

/* Agents only: no Group in a Group (Data 2.4.2.2). */
static gboolean
check_group_members (Validator *v,
                     JsonNode  *node)
{
  JsonArray *array;

  if (!expect_array (v, node, &array))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gsize len = path_push_index (v, i);
      JsonObject *member;
      const char *type;

      if (!expect_object (v, element, &member) || !get_object_type (v, member, &type))
        return FALSE;
      if (g_strcmp0 (type, "Group") == 0)
        return fail_at (v, "objectType", "a Group cannot be a member of a Group");
      if (!check_agent (v, element))
        return FALSE;
      path_pop (v, len);
    }

  return TRUE;
}

static const Property group_properties[] = {
  { "objectType",   check_type_group,    TRUE },
  { "name",         check_string,        FALSE },
  { "member",       check_group_members, FALSE },
  { "mbox",         check_mbox,          FALSE },
  { "mbox_sha1sum", check_mbox_sha1sum,  FALSE },
  { "openid",       check_iri,           FALSE },
  { "account",      check_account,       FALSE },
};

static gboolean
check_group (Validator *v,
             JsonNode  *node)
{
  JsonObject *object;
  JsonNode *member;
  guint n;

  if (!expect_object (v, node, &object) || !CHECK_MEMBERS (v, object, group_properties))
    return FALSE;

  n = count_ifis (object);
  if (n > 1)
    return fail (v, "a Group has at most one inverse functional identifier, not %u", n);

  /* An anonymous Group is known only by its members. */
  member = json_object_get_member (object, "member");
  if (n == 0 && member == NULL)
    return fail_at (v, "member", "missing (an anonymous Group needs its members)");
  if (n == 0 && json_array_get_length (json_node_get_array (member)) == 0)
    return fail_at (v, "member", "an anonymous Group needs at least one member");

  return TRUE;
}

/* An Agent or a Group, told apart by objectType. */
static gboolean
check_actor (Validator *v,
             JsonNode  *node)
{
  JsonObject *object;
  const char *type;

  if (!expect_object (v, node, &object) || !get_object_type (v, object, &type))
    return FALSE;
  if (type == NULL || strcmp (type, "Agent") == 0)
    return check_agent (v, node);
  if (strcmp (type, "Group") == 0)
    return check_group (v, node);

  path_push_key (v, "objectType");
  return fail_value (v, type, "is not Agent or Group");
}

/* context.team is a Group (Data 2.4.6). */
static gboolean
check_team (Validator *v,
            JsonNode  *node)
{
  JsonObject *object;
  const char *type;

  if (!expect_object (v, node, &object) || !get_object_type (v, object, &type))
    return FALSE;
  if (type == NULL)
    return fail_at (v, "objectType", "missing (a team is a Group)");
  if (strcmp (type, "Group") != 0)
    {
      path_push_key (v, "objectType");
      return fail_value (v, type, "is not Group (a team is a Group)");
    }
  return check_group (v, node);
}

/* Data 2.4.9: an Agent, or for 3-legged OAuth a Group of two Agents. */
static gboolean
check_authority (Validator *v,
                 JsonNode  *node)
{
  JsonObject *object;
  JsonNode *member;
  const char *type;

  if (!expect_object (v, node, &object) || !get_object_type (v, object, &type))
    return FALSE;
  if (type == NULL || strcmp (type, "Agent") == 0)
    return check_agent (v, node);
  if (strcmp (type, "Group") != 0)
    {
      path_push_key (v, "objectType");
      return fail_value (v, type, "is not Agent or Group");
    }

  if (!check_group (v, node))
    return FALSE;
  member = json_object_get_member (object, "member");
  if (count_ifis (object) != 0 || member == NULL ||
      json_array_get_length (json_node_get_array (member)) != 2)
    return fail (v, "a Group authority must be an anonymous Group of exactly two Agents "
                    "(3-legged OAuth)");
  return TRUE;
}

/* Verb (Data 2.4.3) */

static const Property verb_properties[] = {
  { "id",      check_iri,          TRUE },
  { "display", check_language_map, FALSE },
};

static gboolean
check_verb (Validator *v,
            JsonNode  *node)
{
  JsonObject *object;

  return expect_object (v, node, &object) && CHECK_MEMBERS (v, object, verb_properties);
}

/* Activities (Data 2.4.4.1) */

static const char * const component_lists[] = { "choices", "scale", "source", "target", "steps" };

/* The interaction types and the component lists each may have. */
static const struct {
  const char *type;
  const char *lists[2];
} interaction_types[] = {
  { "true-false",   { NULL } },
  { "choice",       { "choices" } },
  { "fill-in",      { NULL } },
  { "long-fill-in", { NULL } },
  { "matching",     { "source", "target" } },
  { "performance",  { "steps" } },
  { "sequencing",   { "choices" } },
  { "likert",       { "scale" } },
  { "numeric",      { NULL } },
  { "other",        { NULL } },
};

static gboolean
list_allowed (const char *type,
              const char *list)
{
  for (guint i = 0; i < G_N_ELEMENTS (interaction_types); i++)
    if (strcmp (interaction_types[i].type, type) == 0)
      for (guint j = 0; j < G_N_ELEMENTS (interaction_types[i].lists); j++)
        if (g_strcmp0 (interaction_types[i].lists[j], list) == 0)
          return TRUE;
  return FALSE;
}

static gboolean
check_interaction_type (Validator *v,
                        JsonNode  *node)
{
  const char *text;

  if (!expect_string (v, node, &text))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (interaction_types); i++)
    if (strcmp (interaction_types[i].type, text) == 0)
      return TRUE;
  return fail_value (v, text, "is not an interactionType (true-false, choice, fill-in, "
                              "long-fill-in, matching, performance, sequencing, likert, "
                              "numeric or other)");
}

static gboolean
check_string_array (Validator *v,
                    JsonNode  *node)
{
  JsonArray *array;

  if (!expect_array (v, node, &array))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      gsize len = path_push_index (v, i);

      if (!check_string (v, json_array_get_element (array, i)))
        return FALSE;
      path_pop (v, len);
    }

  return TRUE;
}

static const Property component_properties[] = {
  { "id",          check_string,       TRUE },
  { "description", check_language_map, FALSE },
};

/* Interaction components, with distinct ids (Data 2.4.4.1). */
static gboolean
check_components (Validator *v,
                  JsonNode  *node)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array;

  if (!expect_array (v, node, &array))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      gsize len = path_push_index (v, i);
      JsonObject *component;
      const char *id;

      if (!expect_object (v, json_array_get_element (array, i), &component) ||
          !CHECK_MEMBERS (v, component, component_properties))
        return FALSE;

      id = json_object_get_string_member (component, "id");
      if (!g_hash_table_add (ids, (gpointer) id))
        {
          g_autofree char *quoted = quote (id);

          return fail_at (v, "id", "%s is the id of another component of this list", quoted);
        }
      path_pop (v, len);
    }

  return TRUE;
}

static const Property definition_properties[] = {
  { "name",                    check_language_map,     FALSE },
  { "description",             check_language_map,     FALSE },
  { "type",                    check_iri,              FALSE },
  { "moreInfo",                check_irl,              FALSE },
  { "extensions",              check_extensions,       FALSE },
  { "interactionType",         check_interaction_type, FALSE },
  { "correctResponsesPattern", check_string_array,     FALSE },
  { "choices",                 check_components,       FALSE },
  { "scale",                   check_components,       FALSE },
  { "source",                  check_components,       FALSE },
  { "target",                  check_components,       FALSE },
  { "steps",                   check_components,       FALSE },
};

static gboolean
check_definition (Validator *v,
                  JsonNode  *node)
{
  JsonObject *object;
  const char *type;

  if (!expect_object (v, node, &object) || !CHECK_MEMBERS (v, object, definition_properties))
    return FALSE;

  /* Interaction properties make an interaction activity, which MUST have
   * an interactionType; each type has its own component lists. */
  type = json_object_get_string_member_with_default (object, "interactionType", NULL);
  if (type == NULL && json_object_has_member (object, "correctResponsesPattern"))
    return fail_at (v, "correctResponsesPattern",
                    "only allowed in an interaction activity, with an interactionType");

  for (guint i = 0; i < G_N_ELEMENTS (component_lists); i++)
    {
      if (!json_object_has_member (object, component_lists[i]))
        continue;
      if (type == NULL)
        return fail_at (v, component_lists[i],
                        "only allowed in an interaction activity, with an interactionType");
      if (!list_allowed (type, component_lists[i]))
        {
          g_autofree char *quoted = quote (type);

          return fail_at (v, component_lists[i], "not allowed for interactionType %s", quoted);
        }
    }

  return TRUE;
}

static const Property activity_properties[] = {
  { "objectType", check_type_activity, FALSE },
  { "id",         check_iri,           TRUE },
  { "definition", check_definition,    FALSE },
};

static gboolean
check_activity (Validator *v,
                JsonNode  *node)
{
  JsonObject *object;

  return expect_object (v, node, &object) && CHECK_MEMBERS (v, object, activity_properties);
}

/* Statement references (Data 2.4.4.3) */

static const Property statement_ref_properties[] = {
  { "objectType", check_type_statement_ref, TRUE },
  { "id",         check_uuid,               TRUE },
};

static gboolean
check_statement_ref (Validator *v,
                     JsonNode  *node)
{
  JsonObject *object;

  return expect_object (v, node, &object) && CHECK_MEMBERS (v, object, statement_ref_properties);
}

/* Result (Data 2.4.5) */

static const Property score_properties[] = {
  { "scaled", check_number, FALSE },
  { "raw",    check_number, FALSE },
  { "min",    check_number, FALSE },
  { "max",    check_number, FALSE },
};

static gboolean
check_score (Validator *v,
             JsonNode  *node)
{
  JsonObject *object;
  JsonNode *scaled, *raw, *min, *max;

  if (!expect_object (v, node, &object) || !CHECK_MEMBERS (v, object, score_properties))
    return FALSE;

  scaled = json_object_get_member (object, "scaled");
  raw = json_object_get_member (object, "raw");
  min = json_object_get_member (object, "min");
  max = json_object_get_member (object, "max");

  if (scaled != NULL &&
      (json_node_get_double (scaled) < -1.0 || json_node_get_double (scaled) > 1.0))
    {
      g_autofree char *value = format_number (scaled);

      return fail_at (v, "scaled", "%s is outside -1 to 1", value);
    }
  if (min != NULL && max != NULL && !(json_node_get_double (min) < json_node_get_double (max)))
    {
      g_autofree char *low = format_number (min);
      g_autofree char *high = format_number (max);

      return fail_at (v, "min", "%s is not less than max %s", low, high);
    }
  if (raw != NULL && min != NULL && json_node_get_double (raw) < json_node_get_double (min))
    {
      g_autofree char *value = format_number (raw);
      g_autofree char *low = format_number (min);

      return fail_at (v, "raw", "%s is less than min %s", value, low);
    }
  if (raw != NULL && max != NULL && json_node_get_double (raw) > json_node_get_double (max))
    {
      g_autofree char *value = format_number (raw);
      g_autofree char *high = format_number (max);

      return fail_at (v, "raw", "%s is greater than max %s", value, high);
    }

  return TRUE;
}

static const Property result_properties[] = {
  { "score",      check_score,      FALSE },
  { "success",    check_boolean,    FALSE },
  { "completion", check_boolean,    FALSE },
  { "response",   check_string,     FALSE },
  { "duration",   check_duration,   FALSE },
  { "extensions", check_extensions, FALSE },
};

static gboolean
check_result (Validator *v,
              JsonNode  *node)
{
  JsonObject *object;

  return expect_object (v, node, &object) && CHECK_MEMBERS (v, object, result_properties);
}

/* Context (Data 2.4.6) */

/* An Activity, or an array of them (Data 2.4.6.2). */
static gboolean
check_context_activity_list (Validator *v,
                             JsonNode  *node)
{
  JsonArray *array;

  if (JSON_NODE_HOLDS_OBJECT (node))
    return check_activity (v, node);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (v, "expected an Activity or an array of Activities, got %s", type_name (node));

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      gsize len = path_push_index (v, i);

      if (!check_activity (v, json_array_get_element (array, i)))
        return FALSE;
      path_pop (v, len);
    }

  return TRUE;
}

static const Property context_activities_properties[] = {
  { "parent",   check_context_activity_list, FALSE },
  { "grouping", check_context_activity_list, FALSE },
  { "category", check_context_activity_list, FALSE },
  { "other",    check_context_activity_list, FALSE },
};

static gboolean
check_context_activities (Validator *v,
                          JsonNode  *node)
{
  JsonObject *object;

  return expect_object (v, node, &object) &&
         CHECK_MEMBERS (v, object, context_activities_properties);
}

/* revision and platform: only if the object is an Activity. */
static gboolean
check_activity_context_string (Validator *v,
                               JsonNode  *node)
{
  if (!check_string (v, node))
    return FALSE;
  if (!v->object_is_activity)
    return fail (v, "only allowed when the statement’s object is an Activity");
  return TRUE;
}

static const Property context_properties[] = {
  { "registration",      check_uuid,                    FALSE },
  { "instructor",        check_actor,                   FALSE },
  { "team",              check_team,                    FALSE },
  { "contextActivities", check_context_activities,      FALSE },
  { "revision",          check_activity_context_string, FALSE },
  { "platform",          check_activity_context_string, FALSE },
  { "language",          check_language_tag,            FALSE },
  { "statement",         check_statement_ref,           FALSE },
  { "extensions",        check_extensions,              FALSE },
};

static gboolean
check_context (Validator *v,
               JsonNode  *node)
{
  JsonObject *object;

  return expect_object (v, node, &object) && CHECK_MEMBERS (v, object, context_properties);
}

/* Attachments (Data 2.4.11) */

static gboolean
check_content_type (Validator *v,
                    JsonNode  *node)
{
  const char *text;

  if (!expect_string (v, node, &text))
    return FALSE;
  if (!is_media_type (text))
    return fail_value (v, text, "is not an Internet media type");
  return TRUE;
}

static gboolean
check_length (Validator *v,
              JsonNode  *node)
{
  if (!is_number (node))
    return fail (v, "expected an integer, got %s", type_name (node));

  /* Whole numbers written as 27.0 are integers too. */
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double value = json_node_get_double (node);

      if (!(value > -9.0e18 && value < 9.0e18) || value != (double) (gint64) value)
        {
          g_autofree char *text = format_number (node);

          return fail (v, "expected an integer, got %s", text);
        }
    }

  if (json_node_get_double (node) < 0)
    {
      g_autofree char *text = format_number (node);

      return fail (v, "%s is negative", text);
    }
  return TRUE;
}

static gboolean
check_sha2 (Validator *v,
            JsonNode  *node)
{
  const char *text;

  if (!expect_string (v, node, &text))
    return FALSE;
  if (!is_sha2 (text))
    return fail_value (v, text, "is not a hex-encoded SHA-2 hash");
  return TRUE;
}

static const Property attachment_properties[] = {
  { "usageType",   check_iri,          TRUE },
  { "display",     check_language_map, TRUE },
  { "description", check_language_map, FALSE },
  { "contentType", check_content_type, TRUE },
  { "length",      check_length,       TRUE },
  { "sha2",        check_sha2,         TRUE },
  { "fileUrl",     check_irl,          FALSE },
};

static gboolean
check_attachment (Validator *v,
                  JsonNode  *node)
{
  JsonObject *object;

  if (!expect_object (v, node, &object) || !CHECK_MEMBERS (v, object, attachment_properties))
    return FALSE;

  /* Data 2.6: a signature is a JWS, sent as application/octet-stream. */
  if (strcmp (json_object_get_string_member (object, "usageType"), USAGE_TYPE_SIGNATURE) == 0 &&
      g_ascii_strcasecmp (json_object_get_string_member (object, "contentType"),
                          "application/octet-stream") != 0)
    return fail_at (v, "contentType",
                    "a signature attachment must be “application/octet-stream”");

  return TRUE;
}

static gboolean
check_attachments (Validator *v,
                   JsonNode  *node)
{
  JsonArray *array;

  if (!expect_array (v, node, &array))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      gsize len = path_push_index (v, i);

      if (!check_attachment (v, json_array_get_element (array, i)))
        return FALSE;
      path_pop (v, len);
    }

  return TRUE;
}

/* Statements and SubStatements */

static gboolean check_object (Validator *v,
                              JsonNode  *node);

static const Property statement_properties[] = {
  { "id",          check_uuid,        FALSE },
  { "actor",       check_actor,       TRUE },
  { "verb",        check_verb,        TRUE },
  { "object",      check_object,      TRUE },
  { "result",      check_result,      FALSE },
  { "context",     check_context,     FALSE },
  { "timestamp",   check_timestamp,   FALSE },
  { "stored",      check_timestamp,   FALSE },
  { "authority",   check_authority,   FALSE },
  { "version",     check_version,     FALSE },
  { "attachments", check_attachments, FALSE },
};

/* Data 2.4.4.3: validated as a Statement, less id, stored, version and
 * authority. */
static const Property substatement_properties[] = {
  { "objectType",  check_type_substatement,         TRUE },
  { "id",          check_forbidden_in_substatement, FALSE },
  { "stored",      check_forbidden_in_substatement, FALSE },
  { "version",     check_forbidden_in_substatement, FALSE },
  { "authority",   check_forbidden_in_substatement, FALSE },
  { "actor",       check_actor,                     TRUE },
  { "verb",        check_verb,                      TRUE },
  { "object",      check_object,                    TRUE },
  { "result",      check_result,                    FALSE },
  { "context",     check_context,                   FALSE },
  { "timestamp",   check_timestamp,                 FALSE },
  { "attachments", check_attachments,               FALSE },
};

static gboolean
is_activity (JsonNode *node)
{
  JsonObject *object;
  JsonNode *type;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  type = json_object_get_member (object, "objectType");
  return type == NULL ||
         (is_string (type) && strcmp (json_node_get_string (type), "Activity") == 0);
}

/* Data 2.3.2: a voiding statement's object is a StatementRef. */
static gboolean
check_voiding (Validator  *v,
               JsonObject *statement)
{
  JsonObject *verb = json_object_get_object_member (statement, "verb");
  JsonObject *object = json_object_get_object_member (statement, "object");

  if (g_strcmp0 (json_object_get_string_member (verb, "id"), VERB_VOIDED) != 0)
    return TRUE;
  if (g_strcmp0 (json_object_get_string_member_with_default (object, "objectType", NULL),
                 "StatementRef") == 0)
    return TRUE;

  path_push_key (v, "object");
  return fail_at (v, "objectType", "the object of a voiding statement must be a StatementRef");
}

static gboolean
check_statement_members (Validator      *v,
                         JsonObject     *statement,
                         const Property *properties,
                         gsize           n_properties)
{
  gboolean saved = v->object_is_activity;
  gboolean ok;

  v->object_is_activity = is_activity (json_object_get_member (statement, "object"));
  ok = check_members (v, statement, properties, n_properties) && check_voiding (v, statement);
  v->object_is_activity = saved;

  return ok;
}

static gboolean
check_substatement (Validator *v,
                    JsonNode  *node)
{
  JsonObject *object;
  gboolean ok;

  if (!expect_object (v, node, &object))
    return FALSE;

  v->in_substatement = TRUE;
  ok = check_statement_members (v, object, substatement_properties,
                                G_N_ELEMENTS (substatement_properties));
  v->in_substatement = FALSE;

  return ok;
}

/* An Activity, Agent, Group, StatementRef or SubStatement (Data 2.4.4). */
static gboolean
check_object (Validator *v,
              JsonNode  *node)
{
  JsonObject *object;
  const char *type;

  if (!expect_object (v, node, &object) || !get_object_type (v, object, &type))
    return FALSE;

  if (type == NULL)
    {
      /* Data 2.4.4.2: an Agent or Group object names its objectType. */
      if (count_ifis (object) > 0 || json_object_has_member (object, "member"))
        return fail_at (v, "objectType", "missing (required when the object is an Agent or Group)");
      return check_activity (v, node);
    }
  if (strcmp (type, "Activity") == 0)
    return check_activity (v, node);
  if (strcmp (type, "Agent") == 0)
    return check_agent (v, node);
  if (strcmp (type, "Group") == 0)
    return check_group (v, node);
  if (strcmp (type, "StatementRef") == 0)
    return check_statement_ref (v, node);
  if (strcmp (type, "SubStatement") == 0)
    {
      if (v->in_substatement)
        return fail_at (v, "objectType", "a SubStatement cannot contain another SubStatement");
      return check_substatement (v, node);
    }

  path_push_key (v, "objectType");
  return fail_value (v, type, "is not Activity, Agent, Group, StatementRef or SubStatement");
}

/**
 * awareness_xapi_validate_statement:
 * @statement: a statement, parsed from JSON
 * @flags: whether the statement comes from a client or from a store
 * @error: return location for an error
 *
 * Checks @statement against every requirement of the Data part of xAPI
 * 1.0.3 that a Learning Record Store must enforce on a statement it
 * receives: required properties present and of the right type, no
 * unknown properties and no nulls outside extensions, well-formed UUIDs,
 * IRIs, language tags, timestamps and durations, one inverse functional
 * identifier per Agent, the rules of Groups, SubStatements, voiding,
 * scores, context, interaction activities and attachments, and a 1.0.x
 * version.
 *
 * On failure the error's message begins with the JSON path of the wrong
 * value, as in `actor.mbox: “tanaka@example” is not a mailto IRI`.  The
 * message is in English, for the client that sent the statement.
 *
 * Duplicate keys cannot be detected here, as the JSON parser keeps only
 * one of them.
 *
 * Returns: `TRUE` if @statement is valid
 */
gboolean
awareness_xapi_validate_statement (JsonNode                    *statement,
                                   AwarenessXapiValidateFlags   flags,
                                   GError                     **error)
{
  g_autoptr(GString) path = g_string_new (NULL);
  Validator v = {
    .flags = flags,
    .path = path,
    .error = error,
  };

  g_return_val_if_fail (statement != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!JSON_NODE_HOLDS_OBJECT (statement))
    return fail (&v, "expected an object, got %s", type_name (statement));

  return check_statement_members (&v, json_node_get_object (statement), statement_properties,
                                  G_N_ELEMENTS (statement_properties));
}

/* Comparing statements (Data 2.3.1) */

typedef gboolean (*Equal) (JsonNode *a,
                           JsonNode *b);

typedef enum {
  FIELD_COMPARE,           /* equal, or absent from both */
  FIELD_IGNORE,            /* not part of the immutable statement */
  FIELD_IGNORE_IF_ABSENT,  /* compared only if in both: the store may have set it */
} FieldMode;

typedef struct
{
  const char *name;
  Equal       equal;       /* NULL: as JSON */
  FieldMode   mode;
} Field;

static gboolean json_equal (JsonNode *a,
                            JsonNode *b);

static const Field *
find_field (const Field *fields,
            gsize        n_fields,
            const char  *name)
{
  for (gsize i = 0; i < n_fields; i++)
    if (strcmp (fields[i].name, name) == 0)
      return &fields[i];
  return NULL;
}

static gboolean
field_equal (JsonObject  *a,
             JsonObject  *b,
             const char  *name,
             const Field *fields,
             gsize        n_fields)
{
  const Field *field = find_field (fields, n_fields, name);
  FieldMode mode = field != NULL ? field->mode : FIELD_COMPARE;
  Equal equal = field != NULL && field->equal != NULL ? field->equal : json_equal;
  JsonNode *na = json_object_get_member (a, name);
  JsonNode *nb = json_object_get_member (b, name);

  if (mode == FIELD_IGNORE)
    return TRUE;
  if (na == NULL || nb == NULL)
    return na == nb || mode == FIELD_IGNORE_IF_ABSENT;
  return equal (na, nb);
}

static gboolean
objects_equal (JsonObject  *a,
               JsonObject  *b,
               const Field *fields,
               gsize        n_fields)
{
  g_autoptr(GList) names_a = json_object_get_members (a);
  g_autoptr(GList) names_b = json_object_get_members (b);

  for (const GList *l = names_a; l != NULL; l = l->next)
    if (!field_equal (a, b, l->data, fields, n_fields))
      return FALSE;
  for (const GList *l = names_b; l != NULL; l = l->next)
    if (!json_object_has_member (a, l->data) && !field_equal (a, b, l->data, fields, n_fields))
      return FALSE;

  return TRUE;
}

#define OBJECTS_EQUAL(a, b, table) \
  objects_equal (json_node_get_object (a), json_node_get_object (b), table, G_N_ELEMENTS (table))

/* Objects without order, arrays in order, numbers by value. */
static gboolean
json_equal (JsonNode *a,
            JsonNode *b)
{
  if (JSON_NODE_TYPE (a) != JSON_NODE_TYPE (b))
    return FALSE;

  switch (JSON_NODE_TYPE (a))
    {
    case JSON_NODE_OBJECT:
      return objects_equal (json_node_get_object (a), json_node_get_object (b), NULL, 0);

    case JSON_NODE_ARRAY:
      {
        JsonArray *aa = json_node_get_array (a);
        JsonArray *ab = json_node_get_array (b);

        if (json_array_get_length (aa) != json_array_get_length (ab))
          return FALSE;
        for (guint i = 0; i < json_array_get_length (aa); i++)
          if (!json_equal (json_array_get_element (aa, i), json_array_get_element (ab, i)))
            return FALSE;
        return TRUE;
      }

    case JSON_NODE_NULL:
      return TRUE;

    case JSON_NODE_VALUE:
      if (is_number (a) && is_number (b))
        {
          if (json_node_get_value_type (a) == G_TYPE_INT64 &&
              json_node_get_value_type (b) == G_TYPE_INT64)
            return json_node_get_int (a) == json_node_get_int (b);
          return json_node_get_double (a) == json_node_get_double (b);
        }
      if (json_node_get_value_type (a) != json_node_get_value_type (b))
        return FALSE;
      if (is_string (a))
        return strcmp (json_node_get_string (a), json_node_get_string (b)) == 0;
      return json_node_get_boolean (a) == json_node_get_boolean (b);

    default:
      return FALSE;
    }
}

/* UUIDs, hashes, language tags. */
static gboolean
caseless_equal (JsonNode *a,
                JsonNode *b)
{
  if (!is_string (a) || !is_string (b))
    return json_equal (a, b);
  return g_ascii_strcasecmp (json_node_get_string (a), json_node_get_string (b)) == 0;
}

/* The scheme and the domain of an address are case-insensitive, the
 * local part is not (Data 2.3.1). */
static gboolean
mbox_equal (JsonNode *a,
            JsonNode *b)
{
  const char *sa, *sb, *at_a, *at_b;
  gsize prefix = strlen ("mailto:");

  if (!is_string (a) || !is_string (b))
    return json_equal (a, b);

  sa = json_node_get_string (a);
  sb = json_node_get_string (b);
  at_a = strrchr (sa, '@');
  at_b = strrchr (sb, '@');
  if (at_a == NULL || at_b == NULL || at_a - sa != at_b - sb || (gsize) (at_a - sa) < prefix)
    return strcmp (sa, sb) == 0;

  return g_ascii_strncasecmp (sa, sb, prefix) == 0 &&
         strncmp (sa + prefix, sb + prefix, (gsize) (at_a - sa) - prefix) == 0 &&
         g_ascii_strcasecmp (at_a, at_b) == 0;
}

/* The same point in time, to the millisecond (Data 2.3.1, 4.5). */
static gboolean
timestamp_equal (JsonNode *a,
                 JsonNode *b)
{
  Instant ia, ib;

  if (!is_string (a) || !is_string (b))
    return json_equal (a, b);
  if (!parse_timestamp (json_node_get_string (a), &ia) ||
      !parse_timestamp (json_node_get_string (b), &ib))
    return json_equal (a, b);

  /* The store may truncate or round to milliseconds. */
  return ia.has_zone == ib.has_zone && ABS (ia.usec - ib.usec) < 1000;
}

/* A duration is compared as a string, but not beyond 0.01 s (Data 4.6):
 * "PT1.2345S" is "PT1.23S", and "PT1.50S" is "PT1.5S". */
static char *
normalize_duration (const char *text)
{
  gsize len = strlen (text);
  const char *end = text + len - 1;
  const char *digits;
  gsize n;
  GString *s;

  if (len < 2 || *end != 'S')
    return g_strdup (text);
  for (digits = end; digits > text && g_ascii_isdigit (digits[-1]); digits--)
    ;
  if (digits == text || (digits[-1] != '.' && digits[-1] != ','))
    return g_strdup (text);

  n = MIN ((gsize) (end - digits), 2);
  while (n > 0 && digits[n - 1] == '0')
    n--;

  s = g_string_new_len (text, digits - 1 - text);
  if (n > 0)
    {
      g_string_append_c (s, digits[-1]);
      g_string_append_len (s, digits, n);
    }
  g_string_append_c (s, 'S');
  return g_string_free (s, FALSE);
}

static gboolean
duration_equal (JsonNode *a,
                JsonNode *b)
{
  g_autofree char *na = NULL;
  g_autofree char *nb = NULL;

  if (!is_string (a) || !is_string (b))
    return json_equal (a, b);
  na = normalize_duration (json_node_get_string (a));
  nb = normalize_duration (json_node_get_string (b));
  return strcmp (na, nb) == 0;
}

/* objectType, or its default when left out. */
static const char *
object_type_or (JsonObject *object,
                const char *fallback)
{
  JsonNode *type = json_object_get_member (object, "objectType");

  if (type == NULL)
    return fallback;
  return is_string (type) ? json_node_get_string (type) : "";
}

static gboolean actor_equal (JsonNode *a,
                             JsonNode *b);

/* Group members are not in any order (Data 2.3.1). */
static gboolean
members_equal (JsonNode *a,
               JsonNode *b)
{
  JsonArray *aa, *ab;
  g_autofree gboolean *matched = NULL;
  guint n;

  if (!JSON_NODE_HOLDS_ARRAY (a) || !JSON_NODE_HOLDS_ARRAY (b))
    return json_equal (a, b);

  aa = json_node_get_array (a);
  ab = json_node_get_array (b);
  n = json_array_get_length (aa);
  if (json_array_get_length (ab) != n)
    return FALSE;

  matched = g_new0 (gboolean, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < n && !found; j++)
        if (!matched[j] &&
            actor_equal (json_array_get_element (aa, i), json_array_get_element (ab, j)))
          matched[j] = found = TRUE;
      if (!found)
        return FALSE;
    }

  return TRUE;
}

static const Field actor_fields[] = {
  { "objectType",   NULL,           FIELD_IGNORE },
  { "mbox",         mbox_equal,     FIELD_COMPARE },
  { "mbox_sha1sum", caseless_equal, FIELD_COMPARE },
  { "member",       members_equal,  FIELD_COMPARE },
};

static gboolean
actor_equal (JsonNode *a,
             JsonNode *b)
{
  if (!JSON_NODE_HOLDS_OBJECT (a) || !JSON_NODE_HOLDS_OBJECT (b))
    return json_equal (a, b);
  if (strcmp (object_type_or (json_node_get_object (a), "Agent"),
              object_type_or (json_node_get_object (b), "Agent")) != 0)
    return FALSE;
  return OBJECTS_EQUAL (a, b, actor_fields);
}

/* The display of a Verb is not part of the statement (Data 2.3.1). */
static const Field verb_fields[] = {
  { "display", NULL, FIELD_IGNORE },
};

static gboolean
verb_equal (JsonNode *a,
            JsonNode *b)
{
  if (!JSON_NODE_HOLDS_OBJECT (a) || !JSON_NODE_HOLDS_OBJECT (b))
    return json_equal (a, b);
  return OBJECTS_EQUAL (a, b, verb_fields);
}

/* Neither is the definition of an Activity. */
static const Field activity_fields[] = {
  { "objectType", NULL, FIELD_IGNORE },
  { "definition", NULL, FIELD_IGNORE },
};

static const Field statement_ref_fields[] = {
  { "objectType", NULL,           FIELD_IGNORE },
  { "id",         caseless_equal, FIELD_COMPARE },
};

static gboolean object_equal (JsonNode *a,
                              JsonNode *b);

static gboolean
activity_equal (JsonNode *a,
                JsonNode *b)
{
  if (!JSON_NODE_HOLDS_OBJECT (a) || !JSON_NODE_HOLDS_OBJECT (b))
    return json_equal (a, b);
  return object_equal (a, b);
}

/* A single Activity is the same as an array of one (Data 2.4.6.2). */
static gboolean
activity_list_equal (JsonNode *a,
                     JsonNode *b)
{
  JsonArray *aa = NULL, *ab = NULL;
  guint na, nb;

  if (JSON_NODE_HOLDS_ARRAY (a))
    aa = json_node_get_array (a);
  if (JSON_NODE_HOLDS_ARRAY (b))
    ab = json_node_get_array (b);
  na = aa != NULL ? json_array_get_length (aa) : 1;
  nb = ab != NULL ? json_array_get_length (ab) : 1;
  if (na != nb)
    return FALSE;

  for (guint i = 0; i < na; i++)
    if (!activity_equal (aa != NULL ? json_array_get_element (aa, i) : a,
                         ab != NULL ? json_array_get_element (ab, i) : b))
      return FALSE;

  return TRUE;
}

static const Field context_activities_fields[] = {
  { "parent",   activity_list_equal, FIELD_COMPARE },
  { "grouping", activity_list_equal, FIELD_COMPARE },
  { "category", activity_list_equal, FIELD_COMPARE },
  { "other",    activity_list_equal, FIELD_COMPARE },
};

static gboolean
context_activities_equal (JsonNode *a,
                          JsonNode *b)
{
  if (!JSON_NODE_HOLDS_OBJECT (a) || !JSON_NODE_HOLDS_OBJECT (b))
    return json_equal (a, b);
  return OBJECTS_EQUAL (a, b, context_activities_fields);
}

static const Field context_fields[] = {
  { "registration",      caseless_equal,           FIELD_COMPARE },
  { "instructor",        actor_equal,              FIELD_COMPARE },
  { "team",              actor_equal,              FIELD_COMPARE },
  { "contextActivities", context_activities_equal, FIELD_COMPARE },
  { "language",          caseless_equal,           FIELD_COMPARE },
  { "statement",         object_equal,             FIELD_COMPARE },
};

static gboolean
context_equal (JsonNode *a,
               JsonNode *b)
{
  if (!JSON_NODE_HOLDS_OBJECT (a) || !JSON_NODE_HOLDS_OBJECT (b))
    return json_equal (a, b);
  return OBJECTS_EQUAL (a, b, context_fields);
}

static const Field result_fields[] = {
  { "duration", duration_equal, FIELD_COMPARE },
};

static gboolean
result_equal (JsonNode *a,
              JsonNode *b)
{
  if (!JSON_NODE_HOLDS_OBJECT (a) || !JSON_NODE_HOLDS_OBJECT (b))
    return json_equal (a, b);
  return OBJECTS_EQUAL (a, b, result_fields);
}

/* What the store may set or change (Data 2.3.1): the id and timestamp if
 * the client left them out, stored, authority and version always; and the
 * attachments, which are not part of the statement. */
static const Field statement_fields[] = {
  { "id",          caseless_equal,  FIELD_IGNORE_IF_ABSENT },
  { "actor",       actor_equal,     FIELD_COMPARE },
  { "verb",        verb_equal,      FIELD_COMPARE },
  { "object",      object_equal,    FIELD_COMPARE },
  { "result",      result_equal,    FIELD_COMPARE },
  { "context",     context_equal,   FIELD_COMPARE },
  { "timestamp",   timestamp_equal, FIELD_IGNORE_IF_ABSENT },
  { "stored",      NULL,            FIELD_IGNORE },
  { "authority",   NULL,            FIELD_IGNORE },
  { "version",     NULL,            FIELD_IGNORE },
  { "attachments", NULL,            FIELD_IGNORE },
};

/* The store sets no timestamp in a SubStatement. */
static const Field substatement_fields[] = {
  { "objectType",  NULL,            FIELD_IGNORE },
  { "actor",       actor_equal,     FIELD_COMPARE },
  { "verb",        verb_equal,      FIELD_COMPARE },
  { "object",      object_equal,    FIELD_COMPARE },
  { "result",      result_equal,    FIELD_COMPARE },
  { "context",     context_equal,   FIELD_COMPARE },
  { "timestamp",   timestamp_equal, FIELD_COMPARE },
  { "attachments", NULL,            FIELD_IGNORE },
};

static gboolean
object_equal (JsonNode *a,
              JsonNode *b)
{
  const char *type;

  if (!JSON_NODE_HOLDS_OBJECT (a) || !JSON_NODE_HOLDS_OBJECT (b))
    return json_equal (a, b);

  type = object_type_or (json_node_get_object (a), "Activity");
  if (strcmp (type, object_type_or (json_node_get_object (b), "Activity")) != 0)
    return FALSE;

  if (strcmp (type, "Activity") == 0)
    return OBJECTS_EQUAL (a, b, activity_fields);
  if (strcmp (type, "Agent") == 0 || strcmp (type, "Group") == 0)
    return actor_equal (a, b);
  if (strcmp (type, "StatementRef") == 0)
    return OBJECTS_EQUAL (a, b, statement_ref_fields);
  if (strcmp (type, "SubStatement") == 0)
    return OBJECTS_EQUAL (a, b, substatement_fields);
  return json_equal (a, b);
}

/**
 * awareness_xapi_statements_equivalent:
 * @a: a statement
 * @b: another statement
 *
 * Compares two statements as Data 2.3.1 requires when a store receives a
 * statement with an id it already has: the same statement, and so no
 * conflict, if they differ only where the store may have changed them.
 *
 * These differences are ignored: `stored`, `authority`, `version` and
 * `attachments`; `id` and `timestamp` when one statement has none; the
 * display of Verbs and the definition of Activities; the time zone and
 * precision beyond milliseconds of timestamps; precision beyond 0.01 s
 * of the seconds of a duration; the order of Group members; a single
 * context Activity against an array of one; objectType left out where it
 * has a default; the case of UUIDs, SHA-1 sums, `context.language`, and
 * of the scheme and domain of `mbox`; and the order of object members
 * and the notation of numbers.  Every other difference counts.
 *
 * Both statements are expected to be valid (see
 * [func@xapi_validate_statement]).
 *
 * Returns: `TRUE` if @a and @b are the same statement
 */
gboolean
awareness_xapi_statements_equivalent (JsonNode *a,
                                      JsonNode *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  if (!JSON_NODE_HOLDS_OBJECT (a) || !JSON_NODE_HOLDS_OBJECT (b))
    return json_equal (a, b);
  return OBJECTS_EQUAL (a, b, statement_fields);
}
