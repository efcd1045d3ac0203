"""The stand-in's router, sitemap, demo loader and job, in one module to keep it small."""

from django.contrib.sitemaps import Sitemap
from ninja import Router

from gongkai.core.access import public_view
from gongkai.jobs.registry import job, periodic

router = Router(tags=["stand-in"])


@router.get("/ping", auth=None)
@public_view
def ping(request):
    return {"pong": True}


class StandInSitemap(Sitemap):
    def items(self):
        return []


def load_demo(**options):
    return {"stand_ins": 0}


@periodic("stand_in.tick", at="05:00")
@job("stand_in.tick")
def tick() -> dict:
    return {}
