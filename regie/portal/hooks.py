"""What the portal plugs into elsewhere, from PortalConfig.ready(): report photos (regie.attachments), the public
status following the request a report became (a post_save of interventions' requests), and the origin shown on
that request's page (regie.interventions.origins)."""


def register_hooks():
    pass
