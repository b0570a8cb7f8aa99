#include "config.h"

#include <glib/gi18n.h>

#include "qc-application.h"
#include "qc-delete-toast.h"
#include "qc-window.h"

typedef struct
{
  GtkWidget *window;
  GPtrArray *ids;   /* the record first, then what was deleted with it */
} Deleted;

static void
deleted_free (Deleted *deleted)
{
  if (deleted->window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (deleted->window), (gpointer *) &deleted->window);
  g_ptr_array_unref (deleted->ids);
  g_free (deleted);
}

/* The newest history entry of a deleted record is the version the delete
 * replaced: restoring it brings the record back as it was. */
static gboolean
restore_deleted (QcStore *store, const char *id, GError **error)
{
  g_autoptr(GPtrArray) history = qc_store_history (store, id, error);

  if (history == NULL)
    return FALSE;
  for (guint i = 0; i < history->len; i++)
    {
      QcHistoryEntry *entry = g_ptr_array_index (history, i);
      if (!entry->deleted)
        return qc_store_restore (store, id, entry->seq, error);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No earlier version of this record was kept"));
  return FALSE;
}

static void
on_undo (AdwToast *toast, Deleted *deleted)
{
  QcStore *store = qc_app_store ();
  g_autoptr(GError) error = NULL;
  const char *id = g_ptr_array_index (deleted->ids, 0);

  if (!qc_store_begin (store, &error))
    goto fail;
  for (guint i = 0; i < deleted->ids->len; i++)
    if (!restore_deleted (store, g_ptr_array_index (deleted->ids, i), &error))
      {
        qc_store_rollback (store);
        goto fail;
      }
  if (!qc_store_commit (store, &error))
    goto fail;
  if (QC_IS_WINDOW (deleted->window))
    qc_window_open_record (QC_WINDOW (deleted->window), id);
  return;

fail:
  {
    g_autofree char *text = g_strdup_printf (_("Could not undo: %s"), error->message);
    if (QC_IS_WINDOW (deleted->window))
      qc_window_show_toast (QC_WINDOW (deleted->window), text);
  }
}

gboolean
qc_delete_with_undo (GtkWidget *widget, const char *id)
{
  QcStore *store = qc_app_store ();
  const QcKind *kind = qc_store_lookup_kind (store, id);
  g_autofree char *title = g_strdup (qc_app_lookup_title (id));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  Deleted *deleted;
  AdwToast *toast;

  if (kind == NULL)
    return FALSE;

  deleted = g_new0 (Deleted, 1);
  deleted->ids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (deleted->ids, g_strdup (id));
  if (kind == &qc_kind_project)
    {
      /* They go with the project, so they come back with it. */
      const QcKind *children[] = { &qc_kind_measure, &qc_kind_pdsa };
      for (guint k = 0; k < G_N_ELEMENTS (children); k++)
        {
          g_autoptr(GPtrArray) ids = qc_store_list_ids (store, children[k], id, NULL);
          for (guint i = 0; ids && i < ids->len; i++)
            g_ptr_array_add (deleted->ids, g_strdup (g_ptr_array_index (ids, i)));
        }
    }

  if (!qc_store_delete (store, id, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not delete: %s"), error->message);
      qc_widget_show_toast (widget, message);
      deleted_free (deleted);
      return FALSE;
    }

  /* TRANSLATORS: %s is the title of the record just deleted */
  text = g_strdup_printf (_("“%s” deleted"), title ? title : _(kind->label));
  toast = adw_toast_new (text);
  adw_toast_set_button_label (toast, _("Undo"));
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  /* A weak pointer: the window owns the toast, not the other way round. */
  deleted->window = GTK_WIDGET (gtk_widget_get_root (widget));
  g_object_add_weak_pointer (G_OBJECT (deleted->window), (gpointer *) &deleted->window);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (on_undo), deleted);
  g_signal_connect_swapped (toast, "dismissed", G_CALLBACK (deleted_free), deleted);
  qc_widget_add_toast (widget, toast);
  return TRUE;
}
