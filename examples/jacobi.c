/* SPDX-License-Identifier: MIT */
/*
 * An OpenMP Jacobi solver for the Poisson equation -Δu = f on the unit
 * square with u = 0 on the boundary, f = 2π² sin(πx) sin(πy), whose exact
 * solution is u = sin(πx) sin(πy). It iterates the 5-point stencil until the
 * residual has fallen by TOL, then checks the result against the exact
 * solution: the error must stay within what the discretisation and the
 * remaining residual allow, or the run fails (exit status 1).
 *
 *   jacobi [N [TOL]]   N x N interior points (default 128), TOL (default 1e-6)
 *
 * The same source builds on Linux: gcc -O2 -fopenmp examples/jacobi.c -lm.
 */
// eremit-test: cflags -fopenmp
// eremit-test: args 32
// eremit-test: cpus 1 2
// eremit-test: qemu-cpus 1 2
// eremit-test: stdout VERIFIED
#include <errno.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

struct grid {
	int n;	       /* interior points per side; the arrays have n + 2 with the boundary */
	double h;      /* mesh width 1 / (n + 1) */
	double *u, *v; /* the iterate and the next one */
	double *rhs;   /* h² f at each point */
};

#define AT(g, a, i, j) ((a)[(size_t)(i) * (size_t)((g)->n + 2) + (size_t)(j)])

static int parse(int argc, char **argv, int *n, double *tol)
{
	char *end;

	if (argc > 3) {
		fprintf(stderr, "usage: %s [N [TOL]]\n", argv[0]);
		return -1;
	}
	if (argc > 1) {
		errno = 0;
		long v = strtol(argv[1], &end, 10);
		if (errno || *end || v < 4 || v > 8192) {
			fprintf(stderr, "jacobi: N must be an integer from 4 to 8192, not '%s'\n",
				argv[1]);
			return -1;
		}
		*n = (int)v;
	}
	if (argc > 2) {
		errno = 0;
		*tol = strtod(argv[2], &end);
		if (errno || *end || !(*tol > 1e-14 && *tol < 1)) {
			fprintf(stderr, "jacobi: TOL must be a number between 1e-14 and 1, not '%s'\n",
				argv[2]);
			return -1;
		}
	}
	return 0;
}

static int grid_init(struct grid *g, int n)
{
	size_t cells = (size_t)(n + 2) * (size_t)(n + 2);

	g->n = n;
	g->h = 1.0 / (n + 1);
	g->u = calloc(cells, sizeof(double));
	g->v = calloc(cells, sizeof(double));
	g->rhs = calloc(cells, sizeof(double));
	if (!g->u || !g->v || !g->rhs) {
		fprintf(stderr, "jacobi: no memory for %d x %d points\n", n, n);
		return -1;
	}
	/* Each thread fills the rows it will sweep (first touch, for NUMA machines). */
#pragma omp parallel for schedule(static)
	for (int i = 1; i <= n; i++)
		for (int j = 1; j <= n; j++)
			AT(g, g->rhs, i, j) =
				g->h * g->h * 2 * M_PI * M_PI * sin(M_PI * i * g->h) * sin(M_PI * j * g->h);
	return 0;
}

/*
 * Jacobi sweeps until |r| <= tol |f| (2-norms over the grid), at most
 * `max_it` of them. The residual of the current iterate falls out of the
 * sweep for free: v - u = r h² / 4. Returns the iterations done and leaves
 * the last iterate in g->u and its residual ratio in *res.
 */
static long solve(struct grid *g, double tol, long max_it, double *res)
{
	double fnorm2 = 0, sums[3] = {0, 0, 0};
	long done = 0;
	const int n = g->n;

	for (int i = 1; i <= n; i++)
		for (int j = 1; j <= n; j++)
			fnorm2 += AT(g, g->rhs, i, j) * AT(g, g->rhs, i, j);
#pragma omp parallel
	{
		double *u = g->u, *v = g->v;
		for (long it = 0; it < max_it; it++) {
			double local = 0;
			/*
			 * Three sums in turn: while the team adds into sums[it % 3],
			 * some may still read the last one; the next one, last read
			 * two barriers ago, is free to clear.
			 */
			if (omp_get_thread_num() == 0)
				sums[(it + 1) % 3] = 0;
#pragma omp for schedule(static) nowait
			for (int i = 1; i <= n; i++)
				for (int j = 1; j <= n; j++) {
					double old = AT(g, u, i, j);
					double nu = 0.25 * (AT(g, u, i - 1, j) + AT(g, u, i + 1, j) +
							    AT(g, u, i, j - 1) + AT(g, u, i, j + 1) +
							    AT(g, g->rhs, i, j));
					AT(g, v, i, j) = nu;
					local += (nu - old) * (nu - old);
				}
#pragma omp atomic
			sums[it % 3] += local;
#pragma omp barrier
			/* (4 (v - u))² = (r h²)², compared with (h² f)²: every thread decides alike. */
			double r = sqrt(16 * sums[it % 3] / fnorm2);
			double *t = u;
			u = v;
			v = t;
			if (r <= tol || it + 1 == max_it) {
#pragma omp single
				{
					*res = r;
					done = it + 1;
					/* u now holds the last iterate (r is the residual of the one before). */
					g->u = u;
					g->v = v;
				}
				break;
			}
		}
	}
	return done;
}

int main(int argc, char **argv)
{
	int n = 128;
	double tol = 1e-6, res = INFINITY;
	struct grid g;

	if (parse(argc, argv, &n, &tol) || grid_init(&g, n))
		return 2;
	printf("jacobi: -laplace(u) = 2 pi^2 sin(pi x) sin(pi y) on the unit square, u = 0 on the "
	       "boundary\n");
	printf("jacobi: %d x %d interior points, tolerance %.1e, %d threads on %d cores\n", n, n,
	       tol, omp_get_max_threads(), omp_get_num_procs());

	/* Jacobi damps the smoothest error mode by cos(pi h) a sweep: ~ 2.8 / h^2 sweeps for 1e-6. */
	double rho = cos(M_PI * g.h);
	long max_it = 10 * (long)(log(tol) / log(rho)) + 1000;
	double t0 = omp_get_wtime();
	long it = solve(&g, tol, max_it, &res);
	double secs = omp_get_wtime() - t0;
	printf("jacobi: %ld iterations, relative residual %.3e, %.3f s, %.1f Mupdates/s\n", it, res,
	       secs, (double)it * n * n / secs / 1e6);
	if (!(res <= tol)) {
		printf("jacobi: NOT VERIFIED: no convergence in %ld iterations\n", it);
		return 1;
	}

	/*
	 * The discrete solution is c sin(pi x) sin(pi y) with c = 2 pi^2 / lambda,
	 * lambda = 8 sin^2(pi h / 2) / h^2 the smallest eigenvalue of the
	 * 5-point Laplacian: |c - 1| is the discretisation error. The iterate is
	 * off from it by at most |r| / lambda in every point.
	 */
	double lambda = 8 * pow(sin(M_PI * g.h / 2), 2) / (g.h * g.h);
	double disc = fabs(2 * M_PI * M_PI / lambda - 1), fnorm = 0, err = 0;
	for (int i = 1; i <= n; i++)
		for (int j = 1; j <= n; j++) {
			double f = AT(&g, g.rhs, i, j) / (g.h * g.h);
			double exact = sin(M_PI * i * g.h) * sin(M_PI * j * g.h);
			fnorm += f * f;
			err = fmax(err, fabs(AT(&g, g.u, i, j) - exact));
		}
	double iter = res * sqrt(fnorm) / lambda, bound = 1.01 * (disc + iter);
	printf("jacobi: max error against the exact solution %.3e, bound %.3e (discretisation "
	       "%.3e + iteration %.3e)\n",
	       err, bound, disc, iter);
	if (!(err <= bound)) {
		printf("jacobi: NOT VERIFIED\n");
		return 1;
	}
	printf("VERIFIED\n");
	free(g.u);
	free(g.v);
	free(g.rhs);
	return 0;
}
