/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * An exhibit as what it shows: an e-mail with its header rows, its body in
 * a card and its attachments as chips; a chat message, a post, a screen or
 * a photo's description with the same parts where they have them.  Every
 * text is plain (never markup) and selectable; each field is labelled for
 * a screen reader by the row label beside it.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "aw-gui.h"

static const char *
kind_icon (AwarenessExhibitKind kind)
{
  switch (kind)
    {
    case AWARENESS_EXHIBIT_EMAIL:
      return "mail-unread-symbolic";
    case AWARENESS_EXHIBIT_CHAT:
      return "chat-message-new-symbolic";
    case AWARENESS_EXHIBIT_POST:
      return "user-available-symbolic";
    case AWARENESS_EXHIBIT_SCREEN:
      return "video-display-symbolic";
    case AWARENESS_EXHIBIT_PHOTO:
      return "camera-photo-symbolic";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* A selectable label selects all its text when focused; leaving it, the
 * selection goes, so that a page never opens with the exhibit selected. */
static void
focus_leave_cb (GtkEventControllerFocus *controller,
                GtkLabel                *label)
{
  gtk_label_select_region (label, 0, 0);
}

static GtkWidget *
plain_label (const char *text,
             const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect (focus, "leave", G_CALLBACK (focus_leave_cb), label);
  gtk_widget_add_controller (label, focus);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* A header row: “From” beside the sender, the value labelled by it. */
static void
add_header (GtkGrid    *grid,
            guint       row,
            const char *name,
            const char *value,
            const char *id)
{
  GtkWidget *label;
  GtkWidget *text;

  if (value == NULL)
    return;

  label = gtk_label_new (name);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  text = plain_label (value, "exhibit-field");
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_name (text, id);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (text), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label,
                                  NULL, -1);
  gtk_grid_attach (grid, label, 0, (int) row, 1, 1);
  gtk_grid_attach (grid, text, 1, (int) row, 1, 1);
}

/**
 * aw_exhibit_view_new:
 * @exhibit: an exhibit
 * @lang: the language of the content
 *
 * Returns: (transfer floating): a view of the exhibit, named for a screen
 *   reader by its kind (“E-mail”)
 */
GtkWidget *
aw_exhibit_view_new (AwarenessExhibit *exhibit,
                            const char       *lang)
{
  AwarenessExhibitKind kind = awareness_exhibit_get_kind (exhibit);
  const char *title = awareness_exhibit_kind_get_title (kind);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *heading_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *icon = gtk_image_new_from_icon_name (kind_icon (kind));
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *body = plain_label (awareness_exhibit_get_body (exhibit, lang), "exhibit-body");
  GtkWidget *body_label = NULL;
  guint row = 0;

  gtk_widget_add_css_class (box, "exhibit");
  gtk_widget_set_name (box, "exhibit");
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_widget_set_tooltip_text (icon, title);
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_box_append (GTK_BOX (heading_box), icon);
  gtk_box_append (GTK_BOX (heading_box), heading);
  gtk_box_append (GTK_BOX (box), heading_box);

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  /* Translators: the header rows of an e-mail or message shown in a question. */
  add_header (GTK_GRID (grid), row++, _("From"), awareness_exhibit_get_from (exhibit, lang),
              "exhibit-from");
  add_header (GTK_GRID (grid), row++, _("To"), awareness_exhibit_get_to (exhibit, lang),
              "exhibit-to");
  add_header (GTK_GRID (grid), row++, _("Subject"), awareness_exhibit_get_subject (exhibit, lang),
              "exhibit-subject");
  if (row > 0 && gtk_widget_get_first_child (grid) != NULL)
    gtk_box_append (GTK_BOX (box), grid);
  else
    g_object_unref (g_object_ref_sink (grid));

  /* The body in a card, named by the exhibit's kind for a screen reader. */
  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "exhibit-card");
  gtk_widget_set_name (body, "exhibit-body");
  body_label = heading;
  gtk_accessible_update_relation (GTK_ACCESSIBLE (body), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  body_label, NULL, -1);
  gtk_box_append (GTK_BOX (card), body);
  gtk_box_append (GTK_BOX (box), card);

  if (awareness_exhibit_get_n_attachments (exhibit) > 0)
    {
      GtkWidget *chips = gtk_flow_box_new ();

      gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (chips), GTK_SELECTION_NONE);
      gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (chips), 6);
      gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (chips), 6);
      gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (chips), 8);
      gtk_widget_set_name (chips, "exhibit-attachments");
      gtk_widget_set_halign (chips, GTK_ALIGN_START);
      gtk_accessible_update_property (GTK_ACCESSIBLE (chips), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Attachments"), -1);
      for (guint i = 0; i < awareness_exhibit_get_n_attachments (exhibit); i++)
        {
          const char *name = awareness_exhibit_get_attachment (exhibit, i, lang);
          GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
          GtkWidget *clip = gtk_image_new_from_icon_name ("mail-attachment-symbolic");
          GtkWidget *label = plain_label (name, NULL);
          /* Translators: how a screen reader announces an attachment chip. */
          g_autofree char *spoken = g_strdup_printf (_("Attachment: %s"), name);

          gtk_accessible_update_property (GTK_ACCESSIBLE (clip), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Attachment"), -1);
          gtk_accessible_update_property (GTK_ACCESSIBLE (chip), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          spoken, -1);
          gtk_widget_add_css_class (chip, "exhibit-chip");
          gtk_widget_set_halign (chip, GTK_ALIGN_START);
          gtk_box_append (GTK_BOX (chip), clip);
          gtk_box_append (GTK_BOX (chip), label);
          gtk_flow_box_append (GTK_FLOW_BOX (chips), chip);
        }
      gtk_box_append (GTK_BOX (box), chips);
    }

  return box;
}
