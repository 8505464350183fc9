"""What the JSON API (:mod:`quotegraph.api`) and the pages (:mod:`quotegraph.web`) share, below
both: request dependencies (:mod:`.deps`), the store's records shaped as JSON (:mod:`.reads`)
and extraction of a posted article (:mod:`.posting`). Neither of the two imports the other;
:func:`quotegraph.server.create_app` assembles them."""
