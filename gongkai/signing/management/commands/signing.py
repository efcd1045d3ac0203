"""``gongkai signing keygen|rotate|import-p12|list|build-pdfs``: agency signing keys.

Run by an administrator on the server (keys are files under GONGKAI_SIGNING_DIR); the
actions are audited with no actor, like other server-side commands.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from gongkai.core.models import Agency
from gongkai.signing import services
from gongkai.signing.keys import KeyStoreError
from gongkai.signing.models import PdfStatus, RecordPdf, SigningCertificate


def _agency(code: str) -> Agency:
    found = Agency.objects.filter(Q(slug=code) | Q(organisation_code=code)).first()
    if found is None:
        raise CommandError(f"no agency with slug or organisation code {code!r}")
    return found


class Command(BaseCommand):
    help = "Signing keys and certificates of the agencies, and the signed PDFs of records."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        for name, text in (("keygen", "issue a key and certificate from the local demo CA"),
                           ("rotate", "replace the current certificate by a new demo-CA one")):
            cmd = sub.add_parser(name, help=text)
            cmd.add_argument("--agency", required=True, help="agency slug or organisation code")
            if name == "keygen":
                cmd.add_argument("--force", action="store_true",
                                 help="issue even if the agency already has a certificate")
        imp = sub.add_parser("import-p12", help="install a PKCS#12 issued by a real CA")
        imp.add_argument("--agency", required=True)
        imp.add_argument("file")
        imp.add_argument("--password-env", default="",
                         help="read the password from this environment variable "
                              "(otherwise it is asked for; empty for none)")
        sub.add_parser("list", help="certificates and how many documents each signed")
        build = sub.add_parser("build-pdfs", help="render and sign pending record PDFs now")
        build.add_argument("--limit", type=int, default=0)

    def handle(self, *args, action: str, **options):
        try:
            getattr(self, "_" + action.replace("-", "_"))(**options)
        except KeyStoreError as exc:
            raise CommandError(str(exc)) from exc

    def _keygen(self, *, agency: str, force: bool = False, **_):
        found = _agency(agency)
        current = services.certificate_current(found)
        if current is not None and not force:
            self.stdout.write(f"{found.slug} already has certificate {current.fingerprint} "
                              "(use 'rotate' or --force to replace it)")
            return
        self._show(services.certificate_generate(agency=found, actor=None))

    def _rotate(self, *, agency: str, **_):
        self._show(services.certificate_generate(agency=_agency(agency), actor=None))

    def _import_p12(self, *, agency: str, file: str, password_env: str, **_):
        raw = os.environ.get(password_env, "") if password_env else getpass.getpass("PKCS#12 password: ")
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc}") from exc
        self._show(services.certificate_import_p12(agency=_agency(agency), actor=None, data=data,
                                                   password=raw.encode() or None))

    def _list(self, **_):
        for cert in services_list():
            state = "current" if cert.is_current else f"retired {cert.retired_at:%Y-%m-%d}"
            self.stdout.write(f"{cert.agency.slug}\t{cert.fingerprint}\tserial {cert.serial_number}\t"
                              f"{cert.not_before:%Y-%m-%d}..{cert.not_after:%Y-%m-%d}\t{state}\t"
                              f"{cert.signed} signed\t{cert.issuer}")

    def _build_pdfs(self, *, limit: int, **_):
        pending = RecordPdf.objects.exclude(status=PdfStatus.READY).order_by("pk")
        if limit:
            pending = pending[:limit]
        done = 0
        for row in pending:
            services.record_pdf_build(version_id=row.version_id)
            done += 1
        self.stdout.write(self.style.SUCCESS(f"{done} PDF(s) rendered and signed"))

    def _show(self, cert: SigningCertificate) -> None:
        self.stdout.write(self.style.SUCCESS(
            f"{cert.agency.slug}: certificate {cert.fingerprint} serial {cert.serial_number} "
            f"valid {cert.not_before:%Y-%m-%d}..{cert.not_after:%Y-%m-%d}, issued by {cert.issuer}"))


def services_list():
    from gongkai.signing.selectors import certificates_for

    return certificates_for(None)
