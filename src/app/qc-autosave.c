#include "config.h"

#include "qc-autosave.h"

/* Long enough to group the keystrokes of a phrase into one version. */
#define SAVE_DELAY_MS 1000

struct _QcAutosave
{
  GObject          parent_instance;
  QcStore         *store;
  QcRecord        *record;
  gboolean         is_new;
  guint            timeout_id;
  QcAutosaveState  state;
  char            *problem;
};

G_DEFINE_FINAL_TYPE (QcAutosave, qc_autosave, G_TYPE_OBJECT)

enum { PROP_0, PROP_STATE, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SAVED, FAILED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
set_state (QcAutosave *self, QcAutosaveState state, const char *problem)
{
  gboolean changed = self->state != state || g_strcmp0 (self->problem, problem) != 0;

  self->state = state;
  g_free (self->problem);
  self->problem = g_strdup (problem);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static gboolean
on_timeout (gpointer data)
{
  QcAutosave *self = data;

  self->timeout_id = 0;
  qc_autosave_flush (self);
  return G_SOURCE_REMOVE;
}

gboolean
qc_autosave_flush (QcAutosave *self)
{
  g_autoptr(GError) error = NULL;
  gboolean was_new = self->is_new;
  gboolean ok;

  g_return_val_if_fail (QC_IS_AUTOSAVE (self), FALSE);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->record == NULL || self->state == QC_AUTOSAVE_SAVED)
    return TRUE;

  /* A missing required field is explained next to the field; keep the
   * edits and wait for it rather than report an error. */
  if (!qc_record_validate (self->record, &error))
    {
      set_state (self, QC_AUTOSAVE_INVALID, error->message);
      return FALSE;
    }

  g_object_ref (self);
  if (self->is_new)
    ok = qc_store_add (self->store, self->record, &error);
  else
    ok = qc_store_save (self->store, self->record, &error);

  if (ok)
    {
      self->is_new = FALSE;
      set_state (self, QC_AUTOSAVE_SAVED, NULL);
      g_signal_emit (self, signals[SAVED], 0, was_new);
    }
  else
    {
      set_state (self, QC_AUTOSAVE_FAILED, error->message);
      g_signal_emit (self, signals[FAILED], 0, error->message);
    }
  g_object_unref (self);
  return ok;
}

void
qc_autosave_queue (QcAutosave *self)
{
  g_return_if_fail (QC_IS_AUTOSAVE (self));

  if (self->record == NULL)
    return;
  set_state (self, QC_AUTOSAVE_PENDING, NULL);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (SAVE_DELAY_MS, on_timeout, self);
}

void
qc_autosave_set_record (QcAutosave *self, QcRecord *record, gboolean is_new)
{
  g_return_if_fail (QC_IS_AUTOSAVE (self));

  if (self->record != record)
    qc_autosave_flush (self);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_set_object (&self->record, record);
  self->is_new = is_new;
  /* A new record is not in the store yet: it waits for its first edit. */
  set_state (self, is_new ? QC_AUTOSAVE_INVALID : QC_AUTOSAVE_SAVED, NULL);
}

QcRecord *
qc_autosave_get_record (QcAutosave *self)
{
  return self->record;
}

gboolean
qc_autosave_is_new (QcAutosave *self)
{
  return self->is_new;
}

QcAutosaveState
qc_autosave_get_state (QcAutosave *self)
{
  return self->state;
}

const char *
qc_autosave_get_problem (QcAutosave *self)
{
  return self->problem;
}

QcStore *
qc_autosave_get_store (QcAutosave *self)
{
  return self->store;
}

static void
qc_autosave_dispose (GObject *object)
{
  QcAutosave *self = QC_AUTOSAVE (object);

  if (self->store != NULL)
    qc_autosave_flush (self);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_object (&self->record);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (qc_autosave_parent_class)->dispose (object);
}

static void
qc_autosave_finalize (GObject *object)
{
  g_free (QC_AUTOSAVE (object)->problem);
  G_OBJECT_CLASS (qc_autosave_parent_class)->finalize (object);
}

static void
qc_autosave_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, QC_AUTOSAVE (object)->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
qc_autosave_class_init (QcAutosaveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = qc_autosave_dispose;
  object_class->finalize = qc_autosave_finalize;
  object_class->get_property = qc_autosave_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, QC_AUTOSAVE_SAVED, QC_AUTOSAVE_FAILED, QC_AUTOSAVE_SAVED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The record was saved; the argument says it was added just now. */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  /* The store refused the record; the argument is why. */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
qc_autosave_init (QcAutosave *self)
{
  self->state = QC_AUTOSAVE_SAVED;
}

QcAutosave *
qc_autosave_new (QcStore *store)
{
  QcAutosave *self = g_object_new (QC_TYPE_AUTOSAVE, NULL);
  self->store = g_object_ref (store);
  return self;
}
