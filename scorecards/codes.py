"""Join codes that people read aloud and type, and receipt numbers.

Generated codes use an alphabet without look-alike characters (no 0/O, 1/I/L).
Codes are compared case-insensitively with spaces and dashes ignored. Fixed codes
chosen by people (the demo's ``DEMO01``) are stored as given and matched the same way.

Codes are Latin letters and digits, but most phones in Mongolia type Cyrillic. A code
read from a poster and typed on a Cyrillic keyboard is turned into Latin letters with
:data:`CYRILLIC_TO_LATIN`, so that every Latin letter (all of :data:`JOIN_ALPHABET`,
and I, L, O of fixed codes) can be typed without switching keyboards. One Cyrillic
letter gives one Latin letter, chosen in this order:

1. look-alikes, what a person copying the poster picks: А→A, В→B, Е→E, К→K, М→M,
   Н→H, О→O, Р→P, С→C, Т→T, У→Y, Х→X;
2. the key: on the standard Mongolian Cyrillic layout (ФЦУЖЭНГШҮЗКЪ / ЙЫБӨАХРОЛДП /
   ЯЧЁСМИТЬВЮ) the letter sits where a Latin keyboard has that letter, which is what
   a person typing Latin by touch presses: Ф→Q, Ц→W, Ж→R, Э→T, Г→U, Ш→I, З→P, Ы→S,
   Б→D, Ө→F, Л→L, Я→Z, Ч→X, Ё→C, И→N;
3. three code letters have a look-alike on their Mongolian key (G: А, J: Р, V: С), so
   they take a free letter: П→G (its key on the Russian ЙЦУКЕН layout, also common in
   Mongolia), Й→J (its usual transliteration) and Ү→V (how Mongolians write Ү in Latin
   text messages); Д→D is added because Mongolians write Д as D ("ДЕМО01").

Other Cyrillic letters (Ъ, Ь, Щ, Ю) stay, so the code is refused as malformed.
"""

from __future__ import annotations

import hashlib
import random
import re

from scorecards.errors import DomainError

JOIN_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
JOIN_CODE_LENGTH = 6
_CODE_SHAPE = re.compile(r"^[A-Z0-9]{4,12}$")
_RECEIPT_ALPHABET = JOIN_ALPHABET

_LOOK_ALIKES = dict(zip("АВЕКМНОРСТУХ", "ABEKMHOPCTYX", strict=True))
_MONGOLIAN_KEYS = dict(zip("ФЦЖЭГШЗЫБӨЛЯЧЁИ", "QWRTUIPSDFLZXCN", strict=True))
_FREE_LETTERS = {"П": "G", "Й": "J", "Ү": "V", "Д": "D"}
CYRILLIC_TO_LATIN: dict[str, str] = {**_MONGOLIAN_KEYS, **_FREE_LETTERS, **_LOOK_ALIKES}
"""Upper-case Cyrillic letter -> the Latin code letter it stands for (see above)."""
_CYRILLIC_TABLE = str.maketrans(CYRILLIC_TO_LATIN)


def generate_join_code(rng: random.Random | None = None) -> str:
    """A new 6-character code; pass a seeded ``rng`` for deterministic demos.

    Without ``rng`` the system's cryptographic source is used, so codes cannot be
    guessed from earlier ones.
    """
    source = rng or random.SystemRandom()
    return "".join(source.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(text: str) -> str:
    """Upper-case, drop spaces and dashes, turn Cyrillic letters into the Latin code
    letters they stand for (:data:`CYRILLIC_TO_LATIN`: "бемо01" -> "DEMO01");
    ``DomainError('join_code_invalid')`` if what is left is not 4–12 Latin letters and
    digits."""
    code = re.sub(r"[\s\-]", "", text or "").upper().translate(_CYRILLIC_TABLE)
    if not _CODE_SHAPE.match(code):
        raise DomainError("join_code_invalid", "code")
    return code


def receipt_for(submission_uuid: str) -> str:
    """A short receipt derived from the submission's UUID: ``XXXX-XXXX``.

    Deterministic, so a retried submission is given the same receipt.
    """
    digest = hashlib.sha256(submission_uuid.lower().encode()).digest()
    number = int.from_bytes(digest[:8], "big")
    chars = []
    for _ in range(8):
        number, index = divmod(number, len(_RECEIPT_ALPHABET))
        chars.append(_RECEIPT_ALPHABET[index])
    return "".join(chars[:4]) + "-" + "".join(chars[4:])
