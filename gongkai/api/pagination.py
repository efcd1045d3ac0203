"""The API's pagination convention: ``?page=&page_size=`` in, ``{total, page, page_size,
results}`` out. Page size is capped (GONGKAI_API_MAX_PAGE_SIZE)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import PaginationBase

from gongkai.api.errors import ApiError

# Far beyond any real listing; keeps the row offset within what the databases accept.
MAX_PAGE = 100_000


class PageNumber(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="第几页,从 1 开始")
        page_size: int | None = Field(None, ge=1, description="每页条数")

    class Output(Schema):
        total: int
        page: int
        page_size: int
        results: list[Any]

    items_attribute = "results"

    def paginate_queryset(self, queryset, pagination: Input, request, **params: Any) -> Any:
        size = pagination.page_size or settings.GONGKAI_API_PAGE_SIZE
        if size > settings.GONGKAI_API_MAX_PAGE_SIZE:
            raise ApiError(422, f"page_size 不能超过 {settings.GONGKAI_API_MAX_PAGE_SIZE}。",
                           fields={"page_size": ["too large"]})
        offset = (pagination.page - 1) * size
        return {
            "total": self._items_count(queryset),
            "page": pagination.page,
            "page_size": size,
            "results": list(queryset[offset: offset + size]),
        }
