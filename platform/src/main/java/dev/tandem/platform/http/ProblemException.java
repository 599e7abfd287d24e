package dev.tandem.platform.http;

/** Ends a request with the problem it carries; services throw it (or a subclass) for any refusal of theirs. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public ProblemException(Problem problem, Throwable cause) {
        super(problem.detail(), cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException badRequest(String field, String message) {
        return new ProblemException(Problem.invalid(field, message));
    }
}
