"""The dialogs and the person's page take their fields from records/schema.py: every field a
worker edits has its input, labelled as declared, no longer than the field may hold."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit

from cass_desktop.records import schema
from cass_desktop.ui.agencies.agency_dialog import AgencyDialog
from cass_desktop.ui.people.client_dialog import ClientDialog
from cass_desktop.ui.people.client_page import ClientPage
from cass_desktop.ui.people.person_header import PROFILE_FIELDS
from cass_desktop.ui.people.record_dialogs import (
    ConsentDialog,
    ContactDialog,
    FollowupDialog,
    NeedDialog,
)
from tests.helpers.people import add_person


def labels_of(form: QFormLayout) -> list[str]:
    found = []
    for row in range(form.rowCount()):
        item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        if item is not None and isinstance(item.widget(), QLabel):
            found.append(item.widget().text().rstrip(":").replace("&", ""))
    return found


def test_every_field_of_a_person_a_worker_edits_is_in_the_client_dialog(qtbot, context):
    dialog = ClientDialog(context)
    qtbot.addWidget(dialog)
    assert tuple(dialog._inputs()) == schema.editable("clients")
    shown = [lab.text() for lab in dialog.findChildren(QLabel)]
    declared = schema.fields("clients")
    for name, widget in dialog._inputs().items():
        assert declared[name].label in shown, name
        if isinstance(widget, QLineEdit) and declared[name].kind == schema.TEXT:
            assert widget.maxLength() == declared[name].max_chars, name
    assert dialog.preferred_name.placeholderText() == declared["preferred_name"].help


def test_the_record_dialogs_label_their_fields_as_declared(qtbot, context):
    person = add_person(context.db)
    # Fields edited somewhere other than a labelled row (consent's "Share with" box).
    elsewhere = {"consents": {"agency_id", "agency_kind"}}
    for dialog in (
        ContactDialog(context, client_id=person),
        NeedDialog(context, client_id=person),
        FollowupDialog(context, client_id=person),
        ConsentDialog(context, client_id=person),
    ):
        qtbot.addWidget(dialog)
        table = dialog.table
        labels = labels_of(dialog.form)
        for name in schema.editable(table):
            if name in elsewhere.get(table, set()):
                continue
            assert schema.label(table, name) in labels, (table, name)
    followup = FollowupDialog(context, client_id=person)
    qtbot.addWidget(followup)
    assert followup.what.maxLength() == schema.fields("followups")["what"].max_chars


def test_the_agency_dialog_has_every_field_labelled_as_declared(qtbot, context):
    dialog = AgencyDialog(context)
    qtbot.addWidget(dialog)
    declared = schema.fields("agencies")
    labels = [lab.text().replace("&", "") for lab in dialog.findChildren(QLabel)]
    for name in schema.editable("agencies"):
        if name in ("domains", "active"):
            continue  # tick boxes, with the vocabulary's words
        assert name in dialog.inputs, name
        assert declared[name].label in labels, name
        assert dialog.inputs[name].placeholderText() == declared[name].help
        widget = dialog.inputs[name]
        if isinstance(widget, QLineEdit):
            assert widget.maxLength() == declared[name].max_chars


def test_the_profile_tab_labels_come_from_the_declaration(qtbot, context):
    page = ClientPage(context)
    qtbot.addWidget(page)
    labels = [lab.text().rstrip(":") for lab in page.findChildren(QLabel)]
    for key in PROFILE_FIELDS:
        field = "site_id" if key == "site_name" else key
        assert schema.label("clients", field) in labels, key
