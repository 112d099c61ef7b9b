"""Demo steps of the people app: each organization's skills and departments, its workforce (teams, agents,
leaders), its contractors, what the agglomeration shares with its communes, then the demo accounts (one user
per role per organization, the agent's linked to an agent) and the agents' absences. They come after the runner's
`organizations`.

Modules, in the order of their steps: `departments` (skills, departments), `workforce`, `contractors`
(companies, shares), `accounts`, `absences` (leave, sickness, training); `data` holds the catalogues (skills,
companies), `figures` the summary.
What the demo command prints of this app (`regie.demo.report`): `summary`, `logins`, `notes`.
"""

from .absences import create_absences
from .accounts import logins, notes
from .contractors import create_contractors, create_shares
from .departments import create_departments, create_skills
from .figures import summary
from .workforce import create_workforce

__all__ = [
    "create_absences",
    "create_contractors",
    "create_departments",
    "create_shares",
    "create_skills",
    "create_workforce",
    "logins",
    "notes",
    "summary",
]
