"""Make the PDF agenda's fonts: DejaVu Sans (regular and bold) cut down to the scripts of European
public-sector events (Latin with all its EU letters, Greek, Cyrillic, punctuation, currency signs).
Lambda has no system fonts, so the PDF embeds these files from the package; the full fonts are
~0.7 MB each, the subsets ~0.12 MB. The licence travels with them (fonts/LICENSE, taken from the
font's own licence record, name ID 13).

    python tools/subset_fonts.py /usr/share/fonts/truetype/dejavu   (Debian: fonts-dejavu-core)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "src" / "eventreg" / "report" / "agenda" / "fonts"
FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
UNICODES = (
    "U+0020-007E,U+00A0-024F,"  # Basic Latin, Latin-1, Latin Extended-A and -B (ł ő ș ț ħ ...)
    "U+0259,U+02B9-02DD,U+0300-036F,"  # schwa, modifier letters, combining accents
    "U+0370-03FF,U+0400-04FF,"  # Greek, Cyrillic
    "U+1E00-1EFF,"  # Latin Extended Additional (Welsh, Vietnamese names)
    "U+2000-206F,U+20A0-20CF,U+2100-2122,U+2190-2193,U+2212,U+2022,U+FFFD"  # punctuation, € and friends
)


def make(source_dir: Path) -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    options = subset.Options()
    options.layout_features = ["kern", "liga", "ccmp", "locl", "mark", "mkmk"]
    options.name_IDs = ["*"]  # keep the names and the licence text inside the font
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False  # a PDF is scaled by the viewer: hinting is dead weight
    for name in FONTS:
        font = subset.load_font(str(source_dir / name), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
        subsetter.subset(font)
        out = TARGET / name
        subset.save_font(font, str(out), options)
        print(f"{out.relative_to(ROOT)}: {out.stat().st_size:,} bytes")
    licence = TTFont(str(source_dir / FONTS[0]))["name"].getDebugName(13)
    if not licence:
        raise SystemExit("the source font carries no licence record (name ID 13)")
    (TARGET / "LICENSE").write_text(
        "DejaVu Sans 2.37 (regular and bold), subset by tools/subset_fonts.py. Its licence:\n\n"
        + "\n".join(line.rstrip() for line in licence.splitlines()) + "\n"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source_dir", type=Path, help="the folder holding the full DejaVu Sans fonts")
    make(parser.parse_args().source_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
