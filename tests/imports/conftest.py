import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from regie.core.permissions import Role
from regie.imports import services
from regie.people.factories import DepartmentFactory, SkillFactory, TeamFactory

HEADER = "Matricule;Nom;Prénom;Courriel;Équipe;Compétences;Heures hebdomadaires\r\n"


def csv_file(*lines, name="rh.csv", encoding="cp1252", header=HEADER):
    return SimpleUploadedFile(name, (header + "".join(f"{line}\r\n" for line in lines)).encode(encoding))


class HR:
    """An organization with the reference data an HR export names, and its administrator."""

    def __init__(self, org, make_member):
        self.org = org
        self.admin = make_member(org, Role.ADMIN)
        self.works = DepartmentFactory(organization=org, name="Bâtiments", code="BAT", kind="technical")
        self.team = TeamFactory(organization=org, name="Équipe bâtiment", code="EQB", department=self.works)
        self.plumbing = SkillFactory(organization=org, name="Plomberie", code="PLB", hourly_rate="40.00")
        self.electricity = SkillFactory(organization=org, name="Électricité", code="ELE", hourly_rate="42.00")

    def upload(self, *lines, by=None, **kwargs):
        return services.upload(
            by=by or self.admin, organization=self.org, target="people.agents", file=csv_file(*lines, **kwargs)
        )

    def dry_run(self, *lines, **kwargs):
        job = self.upload(*lines, **kwargs)
        job = services.save_mapping(job, by=self.admin, mapping=services.suggested_mapping(job))
        return services.start(job, by=self.admin, commit=False)

    def imported(self, *lines, **kwargs):
        job = self.dry_run(*lines, **kwargs)
        assert job.status == "validated", job.report
        return services.start(job, by=self.admin, commit=True)


@pytest.fixture
def hr(org_a, make_member):
    return HR(org_a, make_member)
