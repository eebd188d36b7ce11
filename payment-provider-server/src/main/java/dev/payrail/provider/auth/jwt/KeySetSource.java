package dev.payrail.provider.auth.jwt;

/** Where the trusted verification keys come from; implementations cache and refresh. */
interface KeySetSource extends AutoCloseable {

    /** The keys trusted now, refreshed when the source's own schedule says so. Called on every request. */
    KeySnapshot current();

    /**
     * Called when a token names a kid that {@code stale} lacks: looks for a newer key set (rate limited, so
     * tokens with invented kids cannot turn into a flood of fetches).
     */
    KeySnapshot refreshForUnknownKid(KeySnapshot stale);

    @Override
    default void close() {
    }
}
