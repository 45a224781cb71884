/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Signed statements (Data 2.6): the signature is a JWS, in compact
 * serialization, in an attachment whose usageType is the signature IRI.
 * The LRS refuses a malformed signature: a JWS it cannot decode, an
 * algorithm other than RS256, RS384 or RS512, a payload that is not the
 * statement as received, or, where the JWS header carries an X.509
 * certificate (x5c), a signature that the certificate does not verify.
 * Verifying against x5c catches mistakes; it does not authenticate the
 * signer, as the specification notes.
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "awareness.h"
#include "lrs-signature.h"

static GBytes *
base64url_decode (const char *text,
                  gsize       length)
{
  GString *s = g_string_new_len (text, (gssize) length);
  guchar *data;
  gsize size;

  for (gsize i = 0; i < s->len; i++)
    {
      if (s->str[i] == '-')
        s->str[i] = '+';
      else if (s->str[i] == '_')
        s->str[i] = '/';
      else if (!g_ascii_isalnum (s->str[i]) && s->str[i] != '+' && s->str[i] != '/'
               && s->str[i] != '=')
        {
          g_string_free (s, TRUE);
          return NULL;
        }
    }
  while (s->len % 4 != 0)
    g_string_append_c (s, '=');

  data = g_base64_decode (s->str, &size);
  g_string_free (s, TRUE);
  return g_bytes_new_take (data, size);
}

static JsonNode *
parse_segment (const char *text,
               gsize       length)
{
  g_autoptr(GBytes) bytes = base64url_decode (text, length);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  if (data == NULL || !g_utf8_validate_len (data, size, NULL) ||
      !awareness_json_parser_load (parser, data, (gssize) size, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

/* The statement as it was before the signature was attached.  A deep
 * copy: json_node_copy() shares the object, and the received statement
 * must stay as it is. */
static JsonNode *
without_signature (JsonNode *statement)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  g_autoptr(JsonArray) kept = json_array_new ();
  JsonArray *attachments;
  JsonNode *copy;
  JsonObject *object;

  json_generator_set_root (generator, statement);
  json = json_generator_to_data (generator, NULL);
  if (!awareness_json_parser_load (parser, json, -1, NULL))
    return json_node_copy (statement);
  /* The parsed object is this copy's alone; the copy keeps it alive. */
  copy = json_node_copy (json_parser_get_root (parser));
  object = json_node_get_object (copy);
  attachments = json_object_get_array_member (object, "attachments");

  for (guint i = 0; i < json_array_get_length (attachments); i++)
    {
      JsonObject *attachment = json_array_get_object_element (attachments, i);

      if (g_strcmp0 (json_object_get_string_member (attachment, "usageType"), LRS_SIGNATURE_USAGE)
          != 0)
        json_array_add_element (kept, json_node_copy (json_array_get_element (attachments, i)));
    }

  if (json_array_get_length (kept) > 0)
    json_object_set_array_member (object, "attachments", json_array_ref (kept));
  else
    json_object_remove_member (object, "attachments");
  return copy;
}

static gboolean
verify_x5c (const char  *signing_input,
            GBytes      *signature,
            const char  *alg,
            const char  *certificate,
            GError     **error)
{
  gnutls_x509_crt_t crt = NULL;
  gnutls_pubkey_t key = NULL;
  g_autofree guchar *der = NULL;
  gsize der_size;
  gnutls_datum_t der_datum, data, sig;
  gnutls_sign_algorithm_t algorithm = g_strcmp0 (alg, "RS256") == 0 ? GNUTLS_SIGN_RSA_SHA256
                                    : g_strcmp0 (alg, "RS384") == 0 ? GNUTLS_SIGN_RSA_SHA384
                                    : GNUTLS_SIGN_RSA_SHA512;
  gboolean ok = FALSE;
  gsize sig_size;

  der = g_base64_decode (certificate, &der_size);
  der_datum.data = der;
  der_datum.size = (unsigned int) der_size;
  data.data = (unsigned char *) signing_input;
  data.size = (unsigned int) strlen (signing_input);
  sig.data = (unsigned char *) g_bytes_get_data (signature, &sig_size);
  sig.size = (unsigned int) sig_size;

  if (gnutls_x509_crt_init (&crt) < 0 ||
      gnutls_x509_crt_import (crt, &der_datum, GNUTLS_X509_FMT_DER) < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "signature: the x5c certificate of the JWS header cannot be read");
      goto out;
    }
  if (gnutls_pubkey_init (&key) < 0 || gnutls_pubkey_import_x509 (key, crt, 0) < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "signature: the x5c certificate holds no usable public key");
      goto out;
    }
  /* Old signing certificates (SHA-1 CA signatures, short RSA keys) are
   * what the specification's own example uses: the check is of the
   * signature, not of the certificate's standing. */
  if (gnutls_pubkey_verify_data2 (key, algorithm, GNUTLS_VERIFY_ALLOW_BROKEN, &data, &sig) < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "signature: the JWS signature does not verify with its x5c certificate");
      goto out;
    }
  ok = TRUE;

out:
  if (key != NULL)
    gnutls_pubkey_deinit (key);
  if (crt != NULL)
    gnutls_x509_crt_deinit (crt);
  return ok;
}

/**
 * lrs_signature_check:
 * @statement: a statement with a signature attachment
 * @jws: the data of that attachment
 * @error: return location for an error, naming what is wrong
 *
 * Returns: whether the signature is well formed, as Data 2.6 requires
 */
gboolean
lrs_signature_check (JsonNode  *statement,
                     GBytes    *jws,
                     GError   **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) segments = NULL;
  g_autoptr(JsonNode) header = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(JsonNode) original = NULL;
  g_autoptr(GBytes) signature = NULL;
  g_autofree char *signing_input = NULL;
  const char *alg;
  gsize size;
  const char *data = g_bytes_get_data (jws, &size);
  JsonObject *header_object;

  text = g_strstrip (g_strndup (data != NULL ? data : "", size));
  segments = g_strsplit (text, ".", -1);
  if (g_strv_length (segments) != 3 ||
      (header = parse_segment (segments[0], strlen (segments[0]))) == NULL ||
      (payload = parse_segment (segments[1], strlen (segments[1]))) == NULL ||
      (signature = base64url_decode (segments[2], strlen (segments[2]))) == NULL ||
      g_bytes_get_size (signature) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "signature: not a JWS in compact serialization (header.payload.signature)");
      return FALSE;
    }

  header_object = json_node_get_object (header);
  alg = json_object_get_string_member_with_default (header_object, "alg", "");
  if (!g_strv_contains ((const char *[]) { "RS256", "RS384", "RS512", NULL }, alg))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "signature: the JWS algorithm must be RS256, RS384 or RS512, not “%s”", alg);
      return FALSE;
    }

  original = without_signature (statement);
  if (!awareness_xapi_validate_statement (payload, AWARENESS_XAPI_VALIDATE_ALLOW_LRS_PROPERTIES,
                                          NULL)
      || !awareness_xapi_statements_equivalent (payload, original))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "signature: the JWS payload is not the statement that was signed");
      return FALSE;
    }

  if (json_object_has_member (header_object, "x5c"))
    {
      JsonNode *x5c = json_object_get_member (header_object, "x5c");

      if (!JSON_NODE_HOLDS_ARRAY (x5c) || json_array_get_length (json_node_get_array (x5c)) == 0 ||
          !JSON_NODE_HOLDS_VALUE (json_array_get_element (json_node_get_array (x5c), 0)))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "signature: x5c must be an array of base64 certificates");
          return FALSE;
        }
      signing_input = g_strconcat (segments[0], ".", segments[1], NULL);
      if (!verify_x5c (signing_input, signature, alg,
                       json_array_get_string_element (json_node_get_array (x5c), 0), error))
        return FALSE;
    }

  return TRUE;
}
