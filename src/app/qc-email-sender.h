#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Opens the coach's email program with a new message: @subject, @body and
 * the file @attachment attached, addressed to @address (may be NULL).
 *
 * Inside Flatpak (/.flatpak-info exists) through the Email portal,
 * org.freedesktop.portal.Email.ComposeEmail with the file passed as a file
 * descriptor (attachment_fds); outside, by running
 * `xdg-email --utf8 --subject S --body B --attach PATH [ADDRESS]` found on
 * PATH. Finishes when the composer is open (or the portal answered), with
 * an error whose message a coach can act on otherwise. Uses GIO only. */
void     qc_email_sender_compose_async  (const char          *address,
                                         const char          *subject,
                                         const char          *body,
                                         const char          *attachment,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean qc_email_sender_compose_finish (GAsyncResult        *result,
                                         GError             **error);

/* Where files sent by email are written first:
 * $XDG_CACHE_HOME/qi-coach/outbox/qi-coach-YYYY-MM-DD-HHMM.qicoach (with
 * -2, -3... if that exists). Creates the folder and removes files older
 * than 30 days from it. */
char    *qc_email_sender_dup_outbox_path (GError            **error);

G_END_DECLS
