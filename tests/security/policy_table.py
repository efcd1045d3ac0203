"""Who may use which route: the one declared policy the access matrix checks.

tests/security/test_access_matrix.py requests every URL pattern and every API operation
as each role below and compares the outcome with this table. A route or operation that is
not declared here fails that test, so a new page cannot ship without someone deciding,
here, who may use it (issue 8, part 2).

Roles (agency A is the agency that owns every object in the test's URLs):

    anon         not signed in
    public_user  a signed-in citizen account (not staff)
    editor, reviewer, officer (disclosure officer), head (department head),
    admin_a      agency administrator — each a member of agency A only
    staff_b      the agency administrator of agency B: the strongest outsider
    platform     platform administrator (every agency)
    evaluator    a social evaluator (社会评议员) of agency A: a signed-in account that is not
                 staff — every staff page and staff operation refuses it (issue 22)

Vocabulary of the table:

    PUBLIC        everyone, signed in or not
    own(r, …)     roles r of agency A, and the platform administrator: the route shows or
                  changes an object of agency A, so staff of agency B are refused
    anywhere(r, …)  as own(), plus staff_b when r includes admin_a: a page not tied to one
                  object (a list, a form) that B's administrator opens for agency B —
                  its content is scoped, which test_no_leaks.py checks
    ANY_STAFF     every staff member of any agency (not anon, not public_user)
    PLATFORM_ONLY only the platform administrator
    SIGNED_IN     any signed-in account, staff or public
    APPLICANT     only whoever proves a case with its number and access code: none of the
                  roles above has, so all are refused (404 or sent to the lookup page)
    NOBODY        refused to every role (e.g. admin actions the admin site never allows)
    absent()      a pattern that answers 404 to everyone (a prefix, the admin catch-all)

Rules: ``get(roles)`` is requested with GET; ``post(roles)`` is a POST-only route — the
refused roles POST and the test checks that nothing changed, the allowed roles POST inside
a rolled-back savepoint and must get past the permission check. API operations are keyed
"METHOD /path" exactly as django-ninja lists them (``api._routers`` path_operations, the
router's prefix included). Django admin routes are declared per registered model:
``ADMIN_MODELS["app_label.model"]`` gives the roles for the list, the add form, an object
of agency A, and its delete page.

How refusals look: a page sends anon to the staff login (public accounts pages to the
public login), answers others 403, or 404 where the object belongs to another agency; the
API answers 401 to anon and to public accounts, 403 or 404 to staff.

Declaring a new route: add its URL name (``namespace:name``) to the app's block in
``ROUTES`` (or its "METHOD /path" to ``API``, or its model to ``ADMIN_MODELS``); if the
route takes URL arguments, say in ``URL_KWARGS`` of test_access_matrix.py which object of
the test world they name.
"""

from __future__ import annotations

from dataclasses import dataclass

ANON, PUBLIC_USER, EDITOR, REVIEWER, OFFICER, HEAD, ADMIN_A, STAFF_B, PLATFORM = (
    "anon", "public_user", "editor", "reviewer", "officer", "head", "admin_a", "staff_b",
    "platform")
EVALUATOR = "evaluator"
ROLES = (ANON, PUBLIC_USER, EDITOR, REVIEWER, OFFICER, HEAD, ADMIN_A, STAFF_B, PLATFORM,
         EVALUATOR)
#: Signed-in accounts that are not staff: refused like a citizen's account everywhere staff
#: is asked for (the API answers them 401).
NON_STAFF_ACCOUNTS = (PUBLIC_USER, EVALUATOR)
STAFF_OF_A = (EDITOR, REVIEWER, OFFICER, HEAD, ADMIN_A)


def own(*roles: str) -> frozenset[str]:
    return frozenset(roles) | {PLATFORM}


def anywhere(*roles: str) -> frozenset[str]:
    return own(*roles) | ({STAFF_B} if ADMIN_A in roles else set())


PUBLIC = frozenset(ROLES)
SIGNED_IN = PUBLIC - {ANON}
ANY_STAFF = anywhere(*STAFF_OF_A)
PLATFORM_ONLY = frozenset({PLATFORM})
NOBODY: frozenset[str] = frozenset()
APPLICANT = NOBODY


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]
    method: str = "GET"
    applicant: bool = False  # refused by proof of the case, not by sign-in
    absent: bool = False  # a 404 for everyone (the URL exists only as a prefix)


def get(roles: frozenset[str]) -> Rule:
    return Rule(roles)


def post(roles: frozenset[str]) -> Rule:
    return Rule(roles, "POST")


def applicant(method: str = "GET") -> Rule:
    return Rule(APPLICANT, method, applicant=True)


def absent() -> Rule:
    return Rule(NOBODY, absent=True)


ROUTES: dict[str, Rule] = {
    # -- portal, accounts, platform-wide public pages -----------------------------------
    "healthz": get(PUBLIC),
    "portal:home": get(PUBLIC),
    "portal:robots": get(PUBLIC),
    "portal:favicon": get(PUBLIC),
    "portal:sitemap": get(PUBLIC),
    "portal:sitemap_section": get(PUBLIC),
    "portal:agency_list": get(PUBLIC),
    "portal:accessibility": get(PUBLIC),
    "portal:elder_mode": post(PUBLIC),
    "portal:agency_home": get(PUBLIC),
    "portal:agency_profile": get(PUBLIC),
    "media_logos": get(PUBLIC),
    "set_language": post(PUBLIC),
    "accounts:home": get(SIGNED_IN),
    "accounts:register": get(PUBLIC),
    "accounts:login": get(PUBLIC),
    "accounts:logout": post(PUBLIC),
    "api:openapi-json": get(PUBLIC),
    "api:openapi-view": get(PUBLIC),
    "api:api-root": absent(),  # ninja's prefix route: no page at /api/v1/
    # -- catalogue (public) -------------------------------------------------------------
    "catalogue:index": get(PUBLIC),
    "catalogue:record": get(PUBLIC),
    "catalogue:version": get(PUBLIC),
    "catalogue:by_index": get(PUBLIC),
    "catalogue:attachment": get(PUBLIC),
    "catalogue:feed_rss": get(PUBLIC),
    "catalogue:feed_atom": get(PUBLIC),
    "catalogue:topic_feed_rss": get(PUBLIC),
    "catalogue:topic_feed_atom": get(PUBLIC),
    "catalogue:data_csv": get(PUBLIC),
    "catalogue:on_request": get(PUBLIC),
    "catalogue:data_json": get(PUBLIC),
    "search:index": get(PUBLIC),
    "qa:ask": get(PUBLIC),
    "qa:feedback": post(PUBLIC),
    "qa:faq_list": get(PUBLIC),
    "qa:faq": get(PUBLIC),
    "laws:index": get(PUBLIC),
    "laws:category": get(PUBLIC),
    "laws:law": get(PUBLIC),
    "laws:compare": get(PUBLIC),
    "reports:index": get(PUBLIC),
    "reports:open_data": get(PUBLIC),
    "reports:detail": get(PUBLIC),
    "reports:download": get(PUBLIC),
    "signing:verify": get(PUBLIC),
    "signing:record_pdf": get(PUBLIC),
    "signing:record_version_pdf": get(PUBLIC),
    "transparency:index": get(PUBLIC),
    "transparency:entry": get(PUBLIC),
    "transparency:feed_atom": get(PUBLIC),
    "transparency:feed_rss": get(PUBLIC),
    # -- applications (public): the case pages need the access code ---------------------
    "applications:index": get(PUBLIC),
    "applications:apply": get(PUBLIC),
    "applications:suggest": get(PUBLIC),
    "applications:submitted": get(PUBLIC),
    "applications:status": get(PUBLIC),
    "applications:case_status": applicant(),
    "applications:case_withdraw": applicant("POST"),
    "applications:case_correct": applicant("POST"),
    "applications:case_fee": applicant("POST"),
    "applications:case_notice": applicant(),
    "applications:case_file": applicant(),
    # -- staff: workspace, tokens, audit, calendar, jobs --------------------------------
    "staff:workspace": get(ANY_STAFF),
    "staff:login": get(PUBLIC),
    "staff:logout": post(PUBLIC),
    "staff:tokens": get(ANY_STAFF),
    "staff:patterns": get(ANY_STAFF),
    "staff:token_revoke": post(frozenset({ADMIN_A})),  # own tokens only, even for platform
    "staff:audit_list": get(anywhere(ADMIN_A)),
    "staff:calendar": get(ANY_STAFF),
    "staff:calendar_year": get(ANY_STAFF),
    "staff:calendar_day": post(PLATFORM_ONLY),
    "staff:calendar_import": post(PLATFORM_ONLY),
    "staff:calendar_declare": post(PLATFORM_ONLY),
    "staff:job_list": get(PLATFORM_ONLY),
    "staff:job_retry": post(PLATFORM_ONLY),
    # -- staff: catalogue ---------------------------------------------------------------
    "staff:catalogue_records": get(ANY_STAFF),
    "staff:catalogue_record_new": get(anywhere(EDITOR, ADMIN_A)),
    "staff:catalogue_record": get(own(*STAFF_OF_A)),
    "staff:catalogue_record_attach": post(own(EDITOR, ADMIN_A)),
    "staff:catalogue_attachment": get(own(*STAFF_OF_A)),
    "staff:catalogue_record_link": post(own(EDITOR, ADMIN_A)),
    "staff:catalogue_record_submit": post(own(EDITOR, ADMIN_A)),
    "staff:catalogue_record_approve": post(own(REVIEWER, ADMIN_A)),
    "staff:catalogue_record_return": post(own(REVIEWER, ADMIN_A)),
    "staff:catalogue_record_redact": post(own(REVIEWER, ADMIN_A)),
    "staff:catalogue_record_withdraw": post(own(REVIEWER, ADMIN_A)),
    "staff:catalogue_review_queue": get(anywhere(REVIEWER, ADMIN_A)),
    "staff:catalogue_schedule": get(ANY_STAFF),
    "staff:catalogue_timeliness": get(anywhere(HEAD, REVIEWER, ADMIN_A)),
    "staff:catalogue_attribute_reviews": get(anywhere(REVIEWER, ADMIN_A)),
    "staff:catalogue_campaigns": get(anywhere(REVIEWER, ADMIN_A)),
    "staff:catalogue_campaign": get(own(REVIEWER, ADMIN_A)),
    "staff:catalogue_import": get(anywhere(ADMIN_A)),
    "staff:catalogue_export": get(own(ADMIN_A)),  # ?agency=<A>
    # -- staff: search (the index and vocabulary are the platform's) --------------------
    "staff:search": get(ANY_STAFF),
    "staff:search_index": get(PLATFORM_ONLY),
    "staff:search_rebuild": post(PLATFORM_ONLY),
    "staff:search_word_add": post(PLATFORM_ONLY),
    "staff:search_word_remove": post(PLATFORM_ONLY),
    "staff:search_synonym_add": post(PLATFORM_ONLY),
    "staff:search_synonym_remove": post(PLATFORM_ONLY),
    # -- staff: Q&A ---------------------------------------------------------------------
    "staff:qa_faqs": get(anywhere(EDITOR, ADMIN_A)),
    "staff:qa_faq_new": get(anywhere(EDITOR, ADMIN_A)),
    "staff:qa_faq": get(own(EDITOR, ADMIN_A)),
    "staff:qa_faq_delete": post(own(EDITOR, ADMIN_A)),
    "staff:qa_questions": get(anywhere(EDITOR, ADMIN_A)),
    "staff:qa_question_dismiss": post(own(EDITOR, ADMIN_A)),
    # -- staff: signing -----------------------------------------------------------------
    "staff:signing_certificates": get(anywhere(ADMIN_A)),
    "staff:signing_certificate_rotate": post(own(ADMIN_A)),
    "staff:signing_certificate_import": post(own(ADMIN_A)),
    # -- staff: applications ------------------------------------------------------------
    "staff:applications_queue": get(anywhere(OFFICER, HEAD, ADMIN_A)),
    "staff:applications_bulk_assign": post(anywhere(OFFICER, HEAD, ADMIN_A)),
    "staff:applications_register": get(anywhere(OFFICER, HEAD, ADMIN_A)),
    "staff:applications_case": get(own(OFFICER, HEAD, ADMIN_A)),
    "staff:applications_assign": post(own(OFFICER, HEAD, ADMIN_A)),
    "staff:applications_correction": post(own(OFFICER, HEAD, ADMIN_A)),
    "staff:applications_correction_received": post(own(OFFICER, HEAD, ADMIN_A)),
    "staff:applications_third_party_consultation": post(own(OFFICER, HEAD, ADMIN_A)),
    "staff:applications_third_party_consultation_end": post(own(OFFICER, HEAD, ADMIN_A)),
    "staff:applications_extension": post(own(OFFICER, HEAD, ADMIN_A)),
    "staff:applications_extension_decide": post(own(HEAD, ADMIN_A)),
    "staff:applications_fee": post(own(OFFICER, HEAD, ADMIN_A)),
    "staff:applications_fee_paid": post(own(OFFICER, HEAD, ADMIN_A)),
    "staff:applications_reply": post(own(OFFICER, HEAD, ADMIN_A)),
    "staff:applications_reply_review": post(own(HEAD, ADMIN_A)),
    "staff:applications_note": post(own(OFFICER, HEAD, ADMIN_A)),
    "staff:applications_review": post(own(OFFICER, HEAD, ADMIN_A)),
    "staff:applications_withdraw": post(own(OFFICER, HEAD, ADMIN_A)),
    "staff:applications_archive": post(own(OFFICER, HEAD, ADMIN_A)),
    "staff:applications_export": get(own(OFFICER, HEAD, ADMIN_A)),
    "staff:applications_applicant_export": get(own(ADMIN_A)),
    "staff:applications_anonymise": post(own(ADMIN_A)),
    "staff:applications_notice": get(own(OFFICER, HEAD, ADMIN_A)),
    "staff:applications_notice_sent": post(own(OFFICER, HEAD, ADMIN_A)),
    "staff:applications_file": get(own(OFFICER, HEAD, ADMIN_A)),
    "staff:applications_proposals": get(anywhere(EDITOR, ADMIN_A)),
    "staff:applications_proposal_complete": post(own(EDITOR, ADMIN_A)),
    "staff:applications_proposal_dismiss": post(own(EDITOR, ADMIN_A)),
    "staff:applications_templates": get(anywhere(ADMIN_A)),
    "staff:applications_template": get(anywhere(ADMIN_A)),
    # -- staff: annual reports and the dashboard ----------------------------------------
    "staff:reports_index": get(anywhere(OFFICER, HEAD, ADMIN_A)),
    "staff:reports_dashboard": get(anywhere(HEAD, ADMIN_A)),
    "staff:reports_dashboard_xlsx": get(anywhere(HEAD, ADMIN_A)),
    "staff:reports_edit": get(own(OFFICER, HEAD, ADMIN_A)),
    "staff:reports_cell": get(own(OFFICER, HEAD, ADMIN_A)),
}

API: dict[str, frozenset[str]] = {
    # -- core, workdays, audit ----------------------------------------------------------
    "GET /agencies": PUBLIC,
    "GET /agencies/{slug}": PUBLIC,
    "GET /me": ANY_STAFF,
    "GET /workdays/add": PUBLIC,
    "GET /workdays/count": PUBLIC,
    "GET /workdays/day/{day}": PUBLIC,
    "GET /audit/events": anywhere(ADMIN_A),
    "GET /audit/verify": PLATFORM_ONLY,
    # -- catalogue ----------------------------------------------------------------------
    "GET /records": PUBLIC,
    "POST /records": own(EDITOR, ADMIN_A),
    "GET /records/by-index/{path:index_number}": PUBLIC,
    "GET /records/{int:record_id}": PUBLIC,
    "PATCH /records/{int:record_id}": own(EDITOR, ADMIN_A),
    "GET /staff/records": ANY_STAFF,
    "POST /records/{int:record_id}/submit": own(EDITOR, ADMIN_A),
    "POST /records/{int:record_id}/approve": own(REVIEWER, ADMIN_A),
    "POST /records/{int:record_id}/return": own(REVIEWER, ADMIN_A),
    "POST /records/{int:record_id}/withdraw": own(REVIEWER, ADMIN_A),
    # -- signing, transparency, search, Q&A ---------------------------------------------
    "GET /records/{int:record_id}/pdf": PUBLIC,
    "GET /records/{int:record_id}/versions/{int:number}/pdf": PUBLIC,
    "POST /verify/file": PUBLIC,
    "POST /verify/digest": PUBLIC,
    "GET /verify/digest/{digest}": PUBLIC,
    "GET /transparency/head": PUBLIC,
    "GET /transparency/heads/{int:tree_size}": PUBLIC,
    "GET /transparency/key": PUBLIC,
    "GET /transparency/entries": PUBLIC,
    "GET /transparency/entries/{int:index}": PUBLIC,
    "GET /transparency/proof/inclusion": PUBLIC,
    "GET /transparency/proof/consistency": PUBLIC,
    "GET /search": PUBLIC,
    "GET /qa": PUBLIC,
    # -- applications -------------------------------------------------------------------
    "POST /applications": PUBLIC,
    "GET /applications/{case_number}": APPLICANT,
    "POST /applications/{case_number}/withdraw": APPLICANT,
    "GET /staff/applications": anywhere(OFFICER, HEAD, ADMIN_A),
    "POST /staff/applications": own(OFFICER, HEAD, ADMIN_A),
    "GET /staff/applications/{int:application_id}": own(OFFICER, HEAD, ADMIN_A),
    "POST /staff/applications/{int:application_id}/assign": own(OFFICER, HEAD, ADMIN_A),
    "POST /staff/applications/{int:application_id}/correction": own(OFFICER, HEAD, ADMIN_A),
    "POST /staff/applications/{int:application_id}/correction/received":
        own(OFFICER, HEAD, ADMIN_A),
    "POST /staff/applications/{int:application_id}/third-party-consultation": own(OFFICER, HEAD, ADMIN_A),
    "POST /staff/applications/{int:application_id}/third-party-consultation/end":
        own(OFFICER, HEAD, ADMIN_A),
    "POST /staff/applications/{int:application_id}/extension": own(OFFICER, HEAD, ADMIN_A),
    "POST /staff/applications/{int:application_id}/extension/approve": own(HEAD, ADMIN_A),
    "POST /staff/applications/{int:application_id}/extension/deny": own(HEAD, ADMIN_A),
    "POST /staff/applications/{int:application_id}/fee": own(OFFICER, HEAD, ADMIN_A),
    "POST /staff/applications/{int:application_id}/fee/paid": own(OFFICER, HEAD, ADMIN_A),
    "POST /staff/applications/{int:application_id}/reply": own(OFFICER, HEAD, ADMIN_A),
    "POST /staff/applications/{int:application_id}/reply/submit-for-review":
        own(OFFICER, HEAD, ADMIN_A),
    "POST /staff/applications/{int:application_id}/reply/review/approve": own(HEAD, ADMIN_A),
    "POST /staff/applications/{int:application_id}/reply/review/return": own(HEAD, ADMIN_A),
    "POST /staff/applications/{int:application_id}/withdraw": own(OFFICER, HEAD, ADMIN_A),
    "POST /staff/applications/{int:application_id}/archive": own(OFFICER, HEAD, ADMIN_A),
    "POST /staff/applications/{int:application_id}/notes": own(OFFICER, HEAD, ADMIN_A),
    # -- reports ------------------------------------------------------------------------
    "GET /reports/annual/{agency}/{year}": PUBLIC,
}


@dataclass(frozen=True)
class AdminPolicy:
    """Who passes the admin's own hooks for one model: its list, its add form, the
    change/history pages of an object of agency A, and that object's delete page."""

    changelist: frozenset[str]
    add: frozenset[str]
    obj: frozenset[str]
    delete: frozenset[str]


# The admin site's own pages (index, password change, …) and per-model policies. Staff
# accounts are ``is_staff``; the models' hooks then admit administrators only.
ADMIN_SITE: dict[str, Rule] = {
    "admin:index": get(ANY_STAFF),
    "admin:login": get(PUBLIC),
    "admin:logout": post(PUBLIC),
    "admin:password_change": get(ANY_STAFF),
    "admin:password_change_done": get(ANY_STAFF),
    "admin:autocomplete": get(NOBODY),
    "admin:jsi18n": get(ANY_STAFF),
    "admin:view_on_site": get(ANY_STAFF),
    "admin:app_list": get(anywhere(ADMIN_A)),
}

# An object's bare address (…/<id>/) only redirects to its change page, which then checks.
ADMIN_LEGACY = ANY_STAFF
_ADMINS = anywhere(ADMIN_A)
ADMIN_MODELS: dict[str, AdminPolicy] = {
    "core.agency": AdminPolicy(_ADMINS, PLATFORM_ONLY, own(ADMIN_A), NOBODY),
    "core.department": AdminPolicy(_ADMINS, _ADMINS, own(ADMIN_A), own(ADMIN_A)),
    "core.membership": AdminPolicy(_ADMINS, _ADMINS, own(ADMIN_A), own(ADMIN_A)),
    "core.user": AdminPolicy(_ADMINS, _ADMINS, own(ADMIN_A), NOBODY),
    "core.apitoken": AdminPolicy(PLATFORM_ONLY, NOBODY, PLATFORM_ONLY, NOBODY),
    "search.vocabulary": AdminPolicy(PLATFORM_ONLY, PLATFORM_ONLY, PLATFORM_ONLY,
                                     PLATFORM_ONLY),
    "search.synonym": AdminPolicy(PLATFORM_ONLY, PLATFORM_ONLY, PLATFORM_ONLY, PLATFORM_ONLY),
    "applications.application": AdminPolicy(anywhere(OFFICER, HEAD, ADMIN_A), NOBODY,
                                            own(OFFICER, HEAD, ADMIN_A), NOBODY),
    "applications.lettertemplate": AdminPolicy(_ADMINS, _ADMINS, own(ADMIN_A), NOBODY),
    # Third-party models: Django's model permissions, which no role is given.
    "axes.accessattempt": AdminPolicy(NOBODY, NOBODY, NOBODY, NOBODY),
    "axes.accesslog": AdminPolicy(NOBODY, NOBODY, NOBODY, NOBODY),
    "axes.accessfailurelog": AdminPolicy(NOBODY, NOBODY, NOBODY, NOBODY),
    "django_tasks_database.dbtaskresult": AdminPolicy(NOBODY, NOBODY, NOBODY, NOBODY),
}


# The capability apps' own declarations (tests/security/apps/<label>.py), merged last.
def _merge_app_tables() -> None:
    from tests.security.apps import app_modules

    for module in app_modules():
        for name, table in (("ROUTES", ROUTES), ("API", API), ("ADMIN_MODELS", ADMIN_MODELS)):
            extra = getattr(module, name, {})
            clash = set(extra) & set(table)
            assert not clash, f"{module.__name__} declares {sorted(clash)} again"
            table.update(extra)  # type: ignore[arg-type]


_merge_app_tables()
