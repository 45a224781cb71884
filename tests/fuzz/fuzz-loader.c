/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target: any bytes given to the module loader must produce a
 * module or a clean error, never a crash, a leak or undefined behaviour.
 * The policy of the shipped content is loaded once, so that citations
 * are resolved as in real use.
 */
#include <stdint.h>
#include <stdlib.h>

#include "awareness.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static AwarenessPolicy *policy;

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (
    (GDestroyNotify) awareness_problem_unref);
  g_autoptr(AwarenessModule) module = NULL;
  g_autoptr(GError) error = NULL;

  if (policy == NULL)
    {
      const char *dir = g_getenv ("AWARENESS_CONTENT_DIR");
      g_autofree char *path = g_build_filename (dir != NULL ? dir : "content", "policy.xml", NULL);

      policy = awareness_policy_new_for_path (path, NULL, NULL);
    }

  module = awareness_module_new_from_data ((const char *) data, size, "fuzz.xml", policy,
                                           problems, &error);
  if (module != NULL)
    {
      GPtrArray *lessons = awareness_module_get_lessons (module);
      GPtrArray *questions = awareness_module_get_questions (module);

      /* Render everything, as the CLI and the app would. */
      for (guint i = 0; i < lessons->len; i++)
        for (guint b = 0; b < awareness_lesson_get_n_blocks (g_ptr_array_index (lessons, i)); b++)
          g_strfreev (awareness_lesson_dup_block_text (g_ptr_array_index (lessons, i), b, "en",
                                                       AWARENESS_TEXT_FORMAT_MARKUP));
      for (guint i = 0; i < questions->len; i++)
        g_free (awareness_question_dup_prompt (g_ptr_array_index (questions, i), "ja",
                                               AWARENESS_TEXT_FORMAT_PLAIN));
    }
  else
    g_assert (error != NULL);

  for (guint i = 0; i < problems->len; i++)
    g_free (awareness_problem_to_string (g_ptr_array_index (problems, i)));

  return 0;
}
