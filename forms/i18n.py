"""WTForms' own messages ("Not a valid choice.", "Invalid date.") in the user's language.

WTForms ships no Mongolian catalog. Forms built on ``TranslatedForm`` look its
built-in messages up in the application's catalogs through Flask-Babel instead, where
the Mongolian translations live (app/i18n/trust).
"""

from flask_babel import get_translations
from flask_wtf import FlaskForm


class BabelTranslations:
    """The ``gettext``/``ngettext`` pair WTForms asks for, answered from the app's catalogs.

    Raw catalog lookups: WTForms fills in ``%(max)d`` and the like itself afterwards.
    """

    def gettext(self, string: str) -> str:
        return get_translations().gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ngettext(singular, plural, n)


class TranslatedForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return BabelTranslations()
