package dev.payrail.provider.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.payrail.payment.api.ErrorCode;
import dev.payrail.payment.api.InvalidFieldException;
import dev.payrail.provider.core.ProblemException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every exception mapper of the provider. They share {@link ExceptionClassifier}, so the answer depends on what
 * went wrong and not on how Jersey wrapped it; whatever is not recognised is an {@code internal_error}, logged
 * once with its stack trace and answered without one.
 */
public final class ExceptionMappers {
    private static final Logger log = LoggerFactory.getLogger(ExceptionMappers.class);

    private ExceptionMappers() {
    }

    /** All mappers, for the application to register. */
    public static List<Object> all() {
        return List.of(new Problem(), new InvalidField(), new JsonProcessing(), new WebApplication(),
                new Unhandled());
    }

    static Response mapOrFail(Throwable thrown) {
        return ExceptionClassifier.classify(thrown).orElseGet(() -> {
            log.error("unhandled {}: {}", thrown.getClass().getName(), thrown.getMessage(), thrown);
            return Problems.response(ErrorCode.INTERNAL_ERROR,
                    "the provider failed to process the request; it has been logged", null);
        });
    }

    /** Problems raised by the core. */
    public static final class Problem implements ExceptionMapper<ProblemException> {
        @Override
        public Response toResponse(ProblemException exception) {
            return mapOrFail(exception);
        }
    }

    /** A wire value broke the contract (thrown by the payment-api records). */
    public static final class InvalidField implements ExceptionMapper<InvalidFieldException> {
        @Override
        public Response toResponse(InvalidFieldException exception) {
            return mapOrFail(exception);
        }
    }

    /** Malformed, truncated or mistyped JSON. */
    public static final class JsonProcessing implements ExceptionMapper<JsonProcessingException> {
        @Override
        public Response toResponse(JsonProcessingException exception) {
            return mapOrFail(exception);
        }
    }

    /** Jersey's own refusals: not found, method not allowed, unsupported media type, not acceptable. */
    public static final class WebApplication implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException exception) {
            return mapOrFail(exception);
        }
    }

    /** Everything else: unwrapped if a known cause is inside, else a 500. */
    public static final class Unhandled implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable exception) {
            return mapOrFail(exception);
        }
    }
}
