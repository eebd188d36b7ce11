package dev.payrail.provider.core;

/**
 * The answer to {@code POST /v1/charges}: status and JSON body, identical for the first request and its replays.
 *
 * @param status   the HTTP status
 * @param body     the JSON body
 * @param replayed {@code true} when this is a stored response
 */
public record ChargeResponse(int status, String body, boolean replayed) {
}
