package dev.payrail.provider.http;

import dev.payrail.payment.api.ErrorCode;
import dev.payrail.provider.core.ProblemException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Refuses bodies over {@link Json#MAX_BODY_BYTES} with {@code 413 payload_too_large}: at once when the
 * {@code Content-Length} says so, and for chunked bodies as soon as the reader crosses the limit, so no more than
 * the limit (plus one read buffer) is ever consumed.
 */
@PreMatching
@Priority(200)
public final class BodyLimitFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        int declared = request.getLength();
        if (declared > Json.MAX_BODY_BYTES) {
            throw tooLarge("the body has " + declared + " bytes");
        }
        if (hasEntity(request, declared)) {
            request.setEntityStream(new LimitedInputStream(request.getEntityStream(), Json.MAX_BODY_BYTES, declared));
        }
    }

    /** Jersey peeks at the body to answer this, so a connection lost before the first byte surfaces here. */
    private static boolean hasEntity(ContainerRequestContext request, int declared) {
        try {
            return request.hasEntity();
        } catch (ProcessingException e) {
            if (e.getCause() instanceof IOException lost) {
                throw new UncheckedIOException(new ClientGoneException(0, declared, lost));
            }
            throw e;
        }
    }

    static ProblemException tooLarge(String what) {
        return ProblemException.of(ErrorCode.PAYLOAD_TOO_LARGE,
                what + "; the limit is " + Json.MAX_BODY_BYTES + " bytes");
    }

    /**
     * Throws {@code payload_too_large} when more than {@code limit} bytes are read, and {@link ClientGoneException}
     * when the connection fails under a read.
     */
    static final class LimitedInputStream extends FilterInputStream {
        private final long limit;
        private final long declared;
        private long read;

        LimitedInputStream(InputStream in, long limit, long declared) {
            super(in);
            this.limit = limit;
            this.declared = declared;
        }

        @Override
        public int read() throws IOException {
            int b;
            try {
                b = super.read();
            } catch (IOException e) {
                throw gone(e);
            }
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n;
            try {
                n = super.read(buffer, offset, (int) Math.min(length, limit - read + 1));
            } catch (IOException e) {
                throw gone(e);
            }
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped;
            try {
                skipped = super.skip(Math.min(n, limit - read + 1));
            } catch (IOException e) {
                throw gone(e);
            }
            count(skipped);
            return skipped;
        }

        private ClientGoneException gone(IOException e) {
            return e instanceof ClientGoneException already ? already : new ClientGoneException(read, declared, e);
        }

        private void count(long n) {
            read += n;
            if (read > limit) {
                throw tooLarge("the body has more than " + limit + " bytes");
            }
        }
    }
}
