"""Template helpers the catalogue's record page uses: attachment digests."""

from __future__ import annotations

import logging

from django import template

from gongkai.signing.models import AttachmentDigest
from gongkai.signing.services import sm3_hex

register = template.Library()
log = logging.getLogger("gongkai.signing")


@register.simple_tag
def attachment_sm3(attachment) -> str:
    """The stored SM3 digest; computed once and kept when the PDF job has not done it yet."""
    found = AttachmentDigest.objects.filter(attachment_id=attachment.pk).values_list(
        "sm3", flat=True).first()
    if found:
        return found
    try:
        with attachment.file.open("rb") as handle:
            digest = sm3_hex(handle.read())
    except (OSError, ValueError):
        log.warning("attachment %s: file unreadable for SM3", attachment.pk)
        return ""
    AttachmentDigest.objects.get_or_create(attachment_id=attachment.pk, defaults={"sm3": digest})
    return digest
