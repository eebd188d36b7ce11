package dev.payrail.invoice.resources;

import dev.payrail.invoice.db.StoreException;
import dev.payrail.payment.api.ErrorCode;
import dev.payrail.payment.api.PaymentHeaders;
import dev.payrail.payment.api.Problem;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only place exceptions become HTTP: every error is an RFC 9457 problem with a stable code. The
 * {@code requestId} is filled in by {@link dev.payrail.server.RequestIdFilter}.
 */
public final class ProblemMappers {
    private static final Logger log = LoggerFactory.getLogger(ProblemMappers.class);

    private ProblemMappers() {
    }

    /** All mappers, for registration. */
    public static List<Object> all() {
        return List.of(new Api(), new Web(), new Store(), new Unexpected());
    }

    /** A problem response; a {@code 503} also says when to try again, as every 503 of the API does. */
    static Response problem(int status, String code, String title, String detail, String field) {
        Response.ResponseBuilder response = Response.status(status)
                .type(PaymentHeaders.PROBLEM_JSON)
                .entity(new Problem(ErrorCode.TYPE_PREFIX + code, title, status, detail, code, field, null));
        if (status == 503) {
            response.header(PaymentHeaders.RETRY_AFTER, "1");
        }
        return response.build();
    }

    static final class Api implements ExceptionMapper<ApiException> {
        @Override
        public Response toResponse(ApiException e) {
            return problem(e.status(), e.code(), e.title(), e.getMessage(), e.field());
        }
    }

    /** Jersey's own: unknown paths, wrong methods, media types, unconvertible parameters. */
    static final class Web implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            ErrorCode code;
            if (e instanceof NotFoundException) {
                code = ErrorCode.NOT_FOUND;
            } else if (e instanceof NotAllowedException) {
                code = ErrorCode.METHOD_NOT_ALLOWED;
            } else if (e instanceof NotAcceptableException) {
                code = ErrorCode.NOT_ACCEPTABLE;
            } else if (e instanceof NotSupportedException) {
                code = ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            } else if (e.getResponse().getStatus() < 500) {
                code = ErrorCode.INVALID_REQUEST;
            } else {
                code = ErrorCode.INTERNAL_ERROR;
            }
            Response problem = problem(e.getResponse().getStatus(), code.code(), code.title(),
                    code == ErrorCode.NOT_FOUND ? "no such resource" : e.getMessage(), null);
            if (e instanceof NotAllowedException) {
                return Response.fromResponse(problem).allow(e.getResponse().getAllowedMethods()).build();
            }
            return problem;
        }
    }

    static final class Store implements ExceptionMapper<StoreException> {
        @Override
        public Response toResponse(StoreException e) {
            return databaseUnavailable(e);
        }
    }

    /** Logged once with the database's message; the client learns only that it may retry. */
    static Response databaseUnavailable(Throwable e) {
        log.error("database_error: {}", e.getMessage());
        return problem(503, ErrorCode.UNAVAILABLE.code(), ErrorCode.UNAVAILABLE.title(),
                "the database did not answer; try again", null);
    }

    static final class Unexpected implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            // However it was wrapped, a database that failed is a 503 the client may retry, not our bug.
            for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
                if (cause instanceof StoreException || cause instanceof java.sql.SQLException) {
                    return databaseUnavailable(cause);
                }
            }
            log.error("unexpected_error: {}", e.toString(), e);
            return problem(500, ErrorCode.INTERNAL_ERROR.code(), ErrorCode.INTERNAL_ERROR.title(),
                    "unexpected error; see the service log for this request id", null);
        }
    }
}
