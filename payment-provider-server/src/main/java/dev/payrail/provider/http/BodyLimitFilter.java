package dev.payrail.provider.http;

import dev.payrail.payment.api.ErrorCode;
import dev.payrail.provider.core.ProblemException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

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
        if (request.hasEntity()) {
            request.setEntityStream(new LimitedInputStream(request.getEntityStream(), Json.MAX_BODY_BYTES));
        }
    }

    static ProblemException tooLarge(String what) {
        return ProblemException.of(ErrorCode.PAYLOAD_TOO_LARGE,
                what + "; the limit is " + Json.MAX_BODY_BYTES + " bytes");
    }

    /** Throws {@code payload_too_large} when more than {@code limit} bytes are read. */
    static final class LimitedInputStream extends FilterInputStream {
        private final long limit;
        private long read;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, (int) Math.min(length, limit - read + 1));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, limit - read + 1));
            count(skipped);
            return skipped;
        }

        private void count(long n) {
            read += n;
            if (read > limit) {
                throw tooLarge("the body has more than " + limit + " bytes");
            }
        }
    }
}
