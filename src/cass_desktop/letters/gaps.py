"""What a letter is missing that its reader will need: an address to post it to, a number to
ring back, where to go. The preview shows these plainly before the letter is printed; they
never stop it being made (a worker may hand a letter over, or add a number by hand)."""

from __future__ import annotations

from typing import Any


def missing_details(values: dict[str, Any], for_whom: str) -> list[str]:
    """Sentences, one per gap, for a letter made from `values` (letters/context.py) to
    `for_whom` ("agency", "client" or "none")."""
    if for_whom not in ("agency", "client"):
        return []
    client, agency = values["client"], values["agency"]
    known_as = client.get("known_as") or client.get("name") or "this person"
    gaps: list[str] = []
    if for_whom == "client":
        if not client.get("address"):
            gaps.append(
                f"No address is recorded for {known_as}, so this letter cannot be posted to them: "
                "add it on their page, or hand the letter to them."
            )
        appointment = values.get("appointment") or {}
        if appointment.get("date") and not (appointment.get("place") or agency.get("address")):
            gaps.append(
                f"Neither the appointment nor {agency['name']} has an address, so the letter does "
                "not say where to go: add the place to the referral."
            )
    else:
        if not agency.get("address"):
            gaps.append(
                f"{agency['name']} has no address in the directory, so the letter has none to be "
                "sent to: add it on the Agencies page, or send the letter another way."
            )
        if "contact" in values["referral"].get("chosen", []) and not (
            client.get("phone") or client.get("email")
        ):
            gaps.append(
                f"No phone number or email is recorded for {known_as}, so the letter gives "
                f"{agency['name']} no way to contact them: add one on their page."
            )
    if not (values["worker"].get("phone") or values["organisation"].get("phone")):
        gaps.append(
            "No phone number is set for you, your court or the letterhead, so the letter gives "
            "no number to ring: add one in Settings before printing."
        )
    return gaps
