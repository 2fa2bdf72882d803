"""Slugs, paths and title keys: how page addresses are normalised."""

import unicodedata

MAX_PATH_LENGTH = 255
#: The wiki's own introduction: an ordinary page, shown on the wiki home, not in the trees.
HOME_PATH = "home"
MAX_SEGMENT_LENGTH = 80
MAX_TITLE_LENGTH = 200
#: Wiki URLs of their own: no page may start with these...
RESERVED_FIRST_SEGMENTS = frozenset({"new", "recent", "feed-atom", "sections", "tags", "a-z"})
#: ...nor have one of these as any part, since /<page path>/<action> addresses the actions.
RESERVED_SEGMENTS = frozenset(
    {
        "edit",
        "history",
        "revisions",
        "diff",
        "revert",
        "move",
        "protect",
        "unprotect",
        "delete",
        "restore",
        "watch",
        "what-links-here",
    }
)


#: Latin letters that Unicode does not decompose into a base letter and an accent.
_LATIN_LETTERS = str.maketrans(
    {"æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i"}
)


def slugify(text: str) -> str:
    """ "Détection d’objets  (CV)" -> "detection-d-objets-cv"; "الطائرات المسيّرة" ->
    "الطائرات-المسيرة"; "" when nothing is left.

    Latin letters lose their accents; letters and digits of other scripts stay, so an
    Arabic title has an Arabic address, without its optional vowel marks. Punctuation,
    spaces and invisible characters (direction marks included) of any script separate words."""
    kept: list[str] = []
    for character in unicodedata.normalize("NFC", text.casefold().translate(_LATIN_LETTERS)):
        category = unicodedata.category(character)
        # "é" -> "e", "ﬁ" -> "fi"; a letter with no ASCII form (Arabic hamza seats too) stays.
        plain = unicodedata.normalize("NFKD", character).encode("ascii", "ignore").decode()
        if character.isascii() or (category.startswith("L") and plain.isalnum()):
            kept.append(plain if plain.isalnum() else " ")
        elif category.startswith(("L", "N")):
            kept.append(character)
        elif not category.startswith("M"):
            kept.append(" ")  # ’ — « » and other punctuation: a word boundary
    slug = "-".join("".join(kept).split())
    return slug[:MAX_SEGMENT_LENGTH].strip("-")


def normalise_path(path: str) -> str:
    """Each segment slugified, empty segments dropped: " Topics//Machine Learning/" ->
    "topics/machine-learning"."""
    segments = [slugify(segment) for segment in path.split("/")]
    return "/".join(segment for segment in segments if segment)


def title_key(title: str) -> str:
    """How [[Title]] links match titles: case and spacing do not matter. Cut to the column's
    length, since case folding can lengthen a title ("ß" -> "ss")."""
    return " ".join(unicodedata.normalize("NFKC", title).casefold().split())[:MAX_TITLE_LENGTH]


def join_path(parent_path: str | None, slug: str) -> str:
    return f"{parent_path}/{slug}" if parent_path else slug


def looks_like_path(target: str) -> bool:
    """[[topics/machine-learning]] names a path; [[Machine learning]] a title."""
    return "/" in target or (target == target.lower() and " " not in target and "-" in target)
