package dev.payrail.provider.http;

import java.io.IOException;

/**
 * The request body could not be read to its end because the connection failed: the client closed it, reset it or
 * stopped sending. Nothing of the request was acted on and nobody is left to read an answer, so this is logged as
 * one line and counted as status {@link #STATUS}, never as a server error.
 */
final class ClientGoneException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The status recorded for such a request (nginx's "client closed request"); no body is written. */
    static final int STATUS = 499;

    ClientGoneException(long bytesRead, long declaredLength, IOException cause) {
        super("the client went away after " + bytesRead + (declaredLength >= 0 ? " of " + declaredLength : "")
                + " body bytes (" + describe(cause) + ")", cause);
    }

    private static String describe(IOException cause) {
        return cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
