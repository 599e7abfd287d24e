package dev.tandem.scoring.rest;

/** Stops a request with a problem response. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException badRequest(String field, String message) {
        return new ProblemException(Problem.invalid(field + " " + message,
                java.util.List.of(new dev.tandem.scoring.FieldError(field, message))));
    }
}
