"""The catalogue tells this app of each published version (ADR 0014's consumer registry);
a public one becomes an event for the subscribers. Runs inside the publishing transaction
and only stores the event: matching and sending happen after commit, in a job."""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import NoReverseMatch, reverse

from gongkai.catalogue.models import RecordVersion
from gongkai.catalogue.publication import Consumer, Published
from gongkai.core.events import PublicEvent
from gongkai.subscriptions.matching import record_keys
from gongkai.subscriptions.models import CriterionKind


class SubscriptionsConsumer(Consumer):
    name = "subscriptions"

    def published(self, items: Sequence[Published]) -> None:
        from gongkai.subscriptions.services import events_record

        public = [i for i in items if i.public]
        if not public:
            return
        versions = (RecordVersion.objects.filter(pk__in=[i.version_id for i in public])
                    .select_related("record__agency"))
        events = []
        for version in versions:
            record = version.record
            try:
                url = reverse("catalogue:record",
                              kwargs={"agency": record.agency.slug, "pk": record.pk})
            except NoReverseMatch:
                url = ""
            events.append({
                "source": "catalogue", "ref": f"record:{record.pk}:v{version.number}",
                "subject_key": f"record:{record.pk}", "agency_id": record.agency_id,
                "title": version.title, "url": url, "occurred_at": version.published_at,
                "keys": record_keys(agency_id=record.agency_id, topic_id=version.topic_id,
                                    genre_id=version.genre_id, keywords=version.keywords,
                                    title=version.title)})
        events_record(events)


def public_events(events: Sequence[PublicEvent]) -> None:
    """Other apps' public events (core's registry): followed by the kind and id of their
    object (a consultation …), within the scopes 0 and their agency. ``all`` subscribers
    are not sent them: "all" means all published information (catalogue records)."""
    from gongkai.subscriptions.services import events_record

    items = []
    for event in events:
        keys: dict[str, set[str]] = {event.kind: {event.object_id}, **event.extra_keys}
        if event.agency_id:
            keys[CriterionKind.AGENCY] = {str(event.agency_id)}
        items.append({"source": event.source, "ref": event.ref,
                      "subject_key": event.subject_key, "agency_id": event.agency_id,
                      "title": event.title, "url": event.url,
                      "occurred_at": event.occurred_at, "keys": keys})
    events_record(items)
