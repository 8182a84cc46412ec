"""Form fields for the codes people type: a mobile number and an ID number, each cleaned in one
place for every form (staff worker and employer forms, invitations, staff accounts, the portal's
sign-in and binding forms).

The checks themselves are the pure ones in `homeward.codes`; these fields turn what people type
(spaces, dashes, +86, full-width digits) into the one written form, or into the Chinese reason
the check gives, as a form error on the field. A form that wants its own wording for every bad
number (the portal's sign-in says only "enter an 11-digit number") passes
`error_messages={"invalid": …}`.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from homeward.codes import controls, idnumber, phone


class _CodeField(forms.CharField):
    """A text field whose value is checked by the subclass's pure `parse`; empty stays ""."""

    kind: str

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return ""
        try:
            return self.parse(value)
        except ValueError as error:
            reason = self.error_messages.get("invalid") or getattr(error, "reason", str(error))
            code = f"{self.kind}_{getattr(error, 'code', 'invalid')}"
            raise ValidationError(reason, code=code) from None


class PhoneField(_CodeField):
    """A mainland mobile number: cleans to its 11 digits."""

    kind = "phone"

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("mobile phone"))
        kwargs.setdefault("max_length", 30)  # room for "+86 138-1234-5678" as typed
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "tel"}))
        super().__init__(**kwargs)

    def parse(self, value: str) -> str:
        return phone.parse(value)


class IdNumberField(_CodeField):
    """A resident ID number (GB 11643): cleans to its 18 characters (a 15-digit one upgraded)."""

    kind = "id_number"

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("ID number"))
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def parse(self, value: str) -> str:
        return idnumber.parse(value).number


class CleanTextMixin:
    """Control characters out of every text a form takes (`homeward.codes.controls`).

    Mixed into a form before `forms.Form` / `forms.ModelForm`: each text field's value is
    cleaned before the field's own checks (so a length counts what is kept); a field with a
    `Textarea` keeps its line breaks and tabs. (The fields are the form instance's own copies.)
    """

    def full_clean(self):
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and not getattr(field, "_controls_out", False):
                field.to_python = _cleaning(field)
                field._controls_out = True
        super().full_clean()


def _cleaning(field):
    to_python = type(field).to_python.__get__(field)
    multiline = isinstance(field.widget, forms.Textarea)

    def cleaned(value):
        if isinstance(value, str):
            value = controls.strip_controls(value, multiline=multiline)
        return to_python(value)

    return cleaned
