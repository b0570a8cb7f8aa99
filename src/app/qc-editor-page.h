#pragma once

#include <adwaita.h>

#include "qc-autosave.h"

G_BEGIN_DECLS

#define QC_TYPE_EDITOR_PAGE (qc_editor_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (QcEditorPage, qc_editor_page, QC, EDITOR_PAGE, GtkWidget)

/* The part every record editor of the Coaching, Resources and Network
 * pages shares: a working copy of one record saved as you type (see
 * QcAutosave), a draft that is added on its first edit, the "state"
 * property the page's toolbar shows, and "added" when a draft was stored.
 * A subclass fills its widgets in show_record () and reports each edit with
 * qc_editor_page_set_field () or qc_editor_page_edited (). */
struct _QcEditorPageClass
{
  GtkWidgetClass parent_class;

  /* Fill the widgets from @record; edits are ignored meanwhile. */
  void (*show_record)   (QcEditorPage *self,
                         QcRecord     *record);
  /* Records of kind @kind_name changed in the store (e.g. refresh what
   * is shown beside the record). */
  void (*store_changed) (QcEditorPage *self,
                         const char   *kind_name);
  /* The record was saved; @added says it was a draft just stored. */
  void (*saved)         (QcEditorPage *self,
                         gboolean      added);
};

gboolean         qc_editor_page_load         (QcEditorPage *self,
                                              const char   *id,
                                              GError      **error);
/* Shows @record, not stored yet: it is added on the first edit. */
void             qc_editor_page_set_draft    (QcEditorPage *self,
                                              QcRecord     *record);
/* Shows nothing; what waited is saved first. */
void             qc_editor_page_clear        (QcEditorPage *self);
/* Saves now what waits for the pause; FALSE if it could not be saved. */
gboolean         qc_editor_page_flush        (QcEditorPage *self);
QcRecord        *qc_editor_page_get_record   (QcEditorPage *self);
const char      *qc_editor_page_get_id       (QcEditorPage *self);
gboolean         qc_editor_page_is_new       (QcEditorPage *self);
QcAutosaveState  qc_editor_page_get_state    (QcEditorPage *self);
const char      *qc_editor_page_get_problem  (QcEditorPage *self);

/* For subclasses. */
gboolean         qc_editor_page_is_loading   (QcEditorPage *self);
/* The page whose scroller goes back to the top for each record. */
void             qc_editor_page_set_scroller (QcEditorPage       *self,
                                              AdwPreferencesPage *page);
/* Sets a field from what was typed (trimmed; empty clears it) and saves
 * after the pause if it changed. */
void             qc_editor_page_set_field    (QcEditorPage *self,
                                              const char   *field,
                                              const char   *value);
/* The record changed some other way: save it after the pause. */
void             qc_editor_page_edited       (QcEditorPage *self);
/* "Created …. Last changed … by …." for the record, or NULL for a draft. */
char            *qc_editor_page_dup_footer   (QcEditorPage *self);

/* A list collection (tags, skills, topics) as "a, b, c" and back. */
char            *qc_items_to_text            (QcRecord     *record,
                                              const char   *collection);
/* Replaces the items; TRUE if they changed. */
gboolean         qc_items_from_text          (QcRecord     *record,
                                              const char   *collection,
                                              const char   *text);
GStrv            qc_items_dup_texts          (QcRecord     *record,
                                              const char   *collection);

/* Rows beside a record: other records it relates to, each opening its
 * page. @rows keeps what was added so it can be removed again. */
void             qc_link_rows_clear          (AdwPreferencesGroup *group,
                                              GPtrArray           *rows);
/* @suffix (a badge, say) goes before the arrow; it may be NULL. */
GtkWidget       *qc_link_row_add             (AdwPreferencesGroup *group,
                                              GPtrArray           *rows,
                                              const char          *title,
                                              const char          *subtitle,
                                              const char          *record_id,
                                              GtkWidget           *suffix);
/* A dimmed row saying there is nothing to show yet. */
void             qc_link_row_add_empty       (AdwPreferencesGroup *group,
                                              GPtrArray           *rows,
                                              const char          *text);
/* Shows a list page's detail pane. Side by side, the keyboard focus stays
 * where it was (the list), rather than jumping into the editor's first
 * field, where typing would overwrite it. */
void             qc_leaflet_show_detail      (AdwLeaflet          *leaflet);
/* A small pill label (a status, "Champion", "Coach"...). */
GtkWidget       *qc_badge_new                (const char          *text,
                                              const char          *css_class);

G_END_DECLS
