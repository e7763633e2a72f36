#ifndef MINIRUNC_LAB_H
#define MINIRUNC_LAB_H

/* Classroom labs (docs/labs.md).  A function of a chapter marked
 *
 *     LAB <id>: <chapter step>
 *      hint: ...
 *      trace: the trace line the step prints
 *      guide: docs/NN-topic.md#anchor
 *
 * in the comment right above it is a hole: `make lab DEST=DIR`
 * (scripts/lab.pl) writes a student tree in which its body is replaced by
 * a call of lab_todo(), so that the tree builds and the step fails with a
 * message that names it.  In this tree the real body is the solution. */

/* Record "TODO <step> (see <guide>)" as the error, with errno ENOSYS;
 * returns -1, as every failing step does. */
int lab_todo(const char *step, const char *guide);

#endif
