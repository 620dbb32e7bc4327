"""The languages content is written in (more than the interface has), their names in the
reader's language (from CLDR, through Babel), and offline detection of a text's language."""

from functools import cache

from babel import Locale as BabelLocale

#: Languages people write proposals and comments in, as BCP 47 tags (fa-AF is Dari).
CONTENT_LANGUAGES = (
    "el", "en", "ar", "fa", "fa-AF", "uk", "fr", "ckb", "ku", "ur", "ps", "so", "ti",
)  # fmt: skip
RTL_LANGUAGES = frozenset({"ar", "fa", "fa-AF", "ckb", "ur", "ps"})


def direction(code):
    return "rtl" if code in RTL_LANGUAGES else "ltr"


@cache
def language_name(code, in_locale):
    """``code``'s name in ``in_locale`` ("Αραβικά" for ar in el), falling back to English."""
    key = code.replace("-", "_")
    for where in (in_locale, "en"):
        try:
            name = BabelLocale.parse(where).languages.get(key)
        except (ValueError, TypeError):
            name = None
        if name:
            return name
    return code


@cache
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    languages = {
        Language.GREEK: "el",
        Language.ENGLISH: "en",
        Language.ARABIC: "ar",
        Language.PERSIAN: "fa",
        Language.UKRAINIAN: "uk",
        Language.FRENCH: "fr",
        Language.URDU: "ur",
        Language.SOMALI: "so",
    }
    # Low-accuracy mode loads small models lazily (tens of MB, not hundreds, per worker);
    # the author can always correct the guess.
    detector = (
        LanguageDetectorBuilder.from_languages(*languages)
        .with_low_accuracy_mode()
        .with_minimum_relative_distance(0.1)
        .build()
    )
    return detector, languages


def detect_language(text, default):
    """The language ``text`` is most likely written in, as a code, or ``default``."""
    text = (text or "").strip()
    if len(text) < 3:
        return default
    detector, codes = _detector()
    found = detector.detect_language_of(text)
    return codes.get(found, default) if found is not None else default
