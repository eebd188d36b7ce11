package dev.payrail.server;

import java.util.concurrent.ThreadLocalRandom;

/** The {@code Request-Id} both servers put on every answer, including those given before Jersey sees a request. */
public final class RequestIds {
    private RequestIds() {}

    /** {@code req_} and 16 hex digits (the top bit is set, so always 16). */
    public static String newId() {
        return "req_" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }
}
