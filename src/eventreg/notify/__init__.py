"""The notifications flow, from a change of the table to a mail sent once. Read in this order:

decide     which mail a stream record calls for (pure)
letters    what that mail says and carries: headline and opening per kind of mail (translated with the
           gettext catalogs of eventreg.locale), links, calendar files, the organiser's wording
  calendar   the .ics (also used by the public agenda feed)
  overrides  organisers' own wording: what they may use, checked when saved, rendered when sent
  sandbox    the bounded jinja2 sandbox that renders it
  compose    the MIME message (text + HTML + attachments)
send       Notifier: the send log claimed before, given back on failure; a Mailer (eventreg.adapters.ses)
batch      a stream batch: windows of claims, threads, failures reported per record
bounces    SES bounces and complaints (SNS) mark a registration's address
reminders  the scheduled reminder before an event starts

Nothing is imported here: the agenda feed imports notify.calendar without the rest of the flow.
"""
