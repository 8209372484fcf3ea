import pytest


@pytest.fixture
def program(home_page):
    """A bare program page: certificates need one; its curriculum is irrelevant."""
    from kaptraining.curriculum.models import ProgramPage

    return home_page.add_child(
        instance=ProgramPage(
            title="Foundations of KAP", slug="foundations", required_hours=1
        )
    )


@pytest.fixture
def directory_page(home_page):
    from kaptraining.directory.models import DirectoryPage

    return home_page.add_child(
        instance=DirectoryPage(title="Find a practitioner", slug="directory")
    )
