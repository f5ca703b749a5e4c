"""How things are said in the reader's language: dates and times in the event's timezone (dates), country
names from CLDR (countries), which language a reader gets and the languages' names (languages), the words
of pages, mails and reports from gettext catalogs (catalog: one domain, `eventreg`; <lang>/LC_MESSAGES/
eventreg.po, compiled to .mo at build time; names: what codes are called), domain errors written out:
their deadlines and their messages in the reader's language (errors). Built on Babel; the domain never
imports it (it returns instants, codes and messages with their msgids; pages, mails and reports format
them here)."""
