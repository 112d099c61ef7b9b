"""The portal's writes: submission (residents and Open311 applications), triage (staff), the resident's own
actions on their tracking page, privacy (anonymisation), application keys."""
