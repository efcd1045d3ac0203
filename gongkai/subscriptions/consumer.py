"""The catalogue tells this app of each published version (ADR 0014's consumer registry);
a public one becomes an event for the subscribers. Runs inside the publishing transaction
and only stores the event: matching and sending happen after commit, in a job."""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import NoReverseMatch, reverse

from gongkai.catalogue.models import RecordVersion
from gongkai.catalogue.publication import Consumer, Published
from gongkai.subscriptions.matching import record_keys


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
