"""Importing a whole programme (CSV or XLSX): read the file, check every row, show what would be created and
changed (the preview), then write it all or nothing when the organiser says "Import".

Between the two steps the rows wait server-side (register.ports.ProgrammeImports.stage), under an unguessable id bound
to the event and the organiser: the browser never carries the programme. "Import" checks the rows again
against the programme as it is then (seats taken meanwhile, sessions made meanwhile), writes through
ProgrammeImports.write_sessions (all or nothing), then, like put_session, forgets the cached programme and
gives freed seats to the first in line. Importing the same file again changes nothing (every row "same")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from eventreg.domain.errors import N_, DomainError, Forbidden, Message
from eventreg.domain.models import new_id, utc_now
from eventreg.domain.programme_rows import Plan, StagedImport, plan
from eventreg.register.organising import Organising
from eventreg.register.ports import ProgrammeImports
from eventreg.register.programme_files import read_programme

STAGED_FOR = timedelta(hours=1)


class ImportGone(DomainError):
    code = "import_gone"
    status = 410


class ImportConflict(DomainError):
    code = "import_conflict"
    status = 409


@dataclass(frozen=True)
class Preview:
    plan: Plan
    import_id: str | None  # None: errors, nothing can be imported


@dataclass(frozen=True)
class Imported:
    created: int
    changed: int
    promoted: int


@dataclass(frozen=True)
class ProgrammeImport:
    organising: Organising
    imports: ProgrammeImports

    def preview(self, organiser_id: str, event_id: str, data: bytes) -> Preview:
        programme, who = self.organising.programme(event_id, organiser_id)
        rows, extra = read_programme(data)
        checked = plan(rows, programme.event, programme.sessions, who)
        errors = sorted([*extra, *checked.errors], key=lambda e: e.line)
        if errors:
            return Preview(Plan([], errors), None)
        staged = StagedImport(new_id(), event_id, organiser_id, rows, utc_now() + STAGED_FOR)
        self.imports.stage(staged)
        return Preview(checked, staged.import_id)

    def apply(self, organiser_id: str, event_id: str, import_id: str) -> Imported | Plan:
        """The import written (what it did), or the plan with the rows that no longer hold (nothing written)."""
        staged = self.imports.staged(import_id)
        if staged is None or staged.event_id != event_id:
            raise ImportGone(Message(N_("This import was done already or has expired: upload the file again.")))
        if staged.organiser_id != organiser_id:
            raise Forbidden(Message(N_("Only who uploaded a file can import it.")))
        if not self.imports.claim(import_id):
            raise ImportConflict(Message(N_("This import is being done already.")))
        try:
            programme, who = self.organising.programme(event_id, organiser_id)
            checked = plan(staged.rows, programme.event, programme.sessions, who)
            if checked.errors:
                self.imports.drop(import_id)
                return checked
            writes = [(p.session, p.previous) for p in checked.writes]
            if writes and not self.imports.write_sessions(event_id, writes):
                raise ImportConflict(Message(N_("Nothing was imported: the programme changed meanwhile or a write "
                                                "failed. Try again.")))
        except BaseException:
            self.imports.release(import_id)
            raise
        self.imports.drop(import_id)
        self.organising.programmes.forget(event_id)
        promoted = self.organising.manager.fill_free_places(event_id, utc_now()) if writes else []
        return Imported(checked.count("create"), checked.count("change"), len(promoted))

