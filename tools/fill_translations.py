"""Fill translations: `python tools/fill_translations.py table.json` with {msgid: {"nl": ..., "fr": ..., "de": ...}}
sets each msgstr in the four catalogs (en: the msgid itself), then run `make messages` to compile."""
import json, sys
from babel.messages.pofile import read_po, write_po
table = json.load(open(sys.argv[1]))
for lang in ("en", "nl", "fr", "de"):
    path = f"src/eventreg/locale/{lang}/LC_MESSAGES/eventreg.po"
    with open(path, "rb") as f:
        cat = read_po(f, locale=lang)
    for msgid, tr in table.items():
        m = cat.get(msgid)
        if m is None:
            print("missing", msgid); continue
        m.string = msgid if lang == "en" else tr[lang]
        m.flags.discard("fuzzy")
    with open(path, "wb") as f:
        write_po(f, cat, width=116 if False else 76, omit_header=False)
