"""API: signed PDFs of public records and verification of files or digests, for anyone."""

from django.http import Http404, JsonResponse
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from gongkai.api.errors import ApiError, responses
from gongkai.core.access import public_view
from gongkai.core.intake import api_rate_limit
from gongkai.signing import downloads, selectors
from gongkai.signing.verification import VerifyInputError, max_upload_bytes, verify_digest, verify_file

router = Router(tags=["signing"])


class PendingOut(Schema):
    status: str
    message: str
    retry_after: int


class SignatureOut(Schema):
    field_name: str
    signer_subject: str
    signer_fingerprint: str
    intact: bool
    valid: bool
    trusted: bool
    covers_whole_file: bool
    signed_at: str
    problem: str


class VerdictOut(Schema):
    verdict: str
    message: str
    kind: str
    sha256: str
    sm3: str
    agency: str
    agency_name: str
    record_id: int | None
    record_title: str
    record_url: str
    index_number: str
    version: int | None
    current_version: int | None
    newer_version_exists: bool
    withdrawn: bool
    reason: str
    signed_at: str
    log_index: int | None
    signatures: list[SignatureOut]


class DigestIn(Schema):
    digest: str


def _pdf(record_id: int, number: int | None):
    found = selectors.public_pdf_get(record_id=record_id, number=number)
    if found is None:
        raise Http404
    found = downloads.render_on_demand(found)
    if found.ready:
        return downloads.file_response(found)
    response = JsonResponse({"status": "pending", "message": "PDF 正在生成并签名,请稍后重试。",
                             "retry_after": downloads.RETRY_AFTER_SECONDS},
                            status=202, json_dumps_params={"ensure_ascii": False})
    response["Retry-After"] = str(downloads.RETRY_AFTER_SECONDS)
    return response


@router.get("/records/{int:record_id}/pdf", auth=None, response={202: PendingOut},
            summary="政府信息的签名 PDF(当前版本;生成中返回 202 与 Retry-After)",
            openapi_extra={"responses": {200: {"description": "签名的 PDF/A 文件",
                                               "content": {"application/pdf": {}}}}})
@public_view
def record_pdf(request, record_id: int):
    return _pdf(record_id, None)


@router.get("/records/{int:record_id}/versions/{int:number}/pdf", auth=None,
            response={202: PendingOut}, summary="指定版本的签名 PDF",
            openapi_extra={"responses": {200: {"description": "签名的 PDF/A 文件",
                                               "content": {"application/pdf": {}}}}})
@public_view
def record_version_pdf(request, record_id: int, number: int):
    return _pdf(record_id, number)


def _answer(run):
    try:
        return run().as_dict()
    except VerifyInputError as exc:
        raise ApiError(exc.status, exc.message, fields={exc.field_name: [exc.message]}) from exc


@router.post("/verify/file", auth=None, response={200: VerdictOut, **responses(413, 429)},
             summary="核验文件:上传 PDF 或附件,判断是否为本平台发布的原件")
@public_view
@api_rate_limit("signing.verify")
def verify_upload(request, file: File[UploadedFile]):
    if file.size is not None and file.size > max_upload_bytes():
        raise ApiError(413, "文件过大,无法核验;可改为提交文件摘要。", fields={"file": ["too large"]})
    return _answer(lambda: verify_file(file.read()))


@router.post("/verify/digest", auth=None, response={200: VerdictOut, **responses(429)},
             summary="按 SHA-256 或 SM3 摘要(64 位十六进制)核验")
@public_view
@api_rate_limit("signing.verify")
def verify_by_digest(request, payload: DigestIn):
    return _answer(lambda: verify_digest(payload.digest))


@router.get("/verify/digest/{digest}", auth=None, response=VerdictOut,
            summary="按摘要核验(GET 形式,便于链接)")
@public_view
def verify_by_digest_get(request, digest: str):
    return _answer(lambda: verify_digest(digest))
