"""How things are said in the reader's language: dates and times in the event's timezone (dates), country
names from CLDR (countries), which language a reader gets (languages), the deadlines that domain errors
carry written out (errors). Built on Babel; the domain never imports it (it returns instants and codes;
pages, mails and reports format them here)."""
