/* story/model.h — the learned same-story model: load it, check it, apply it.
 *
 * The model maps the pair features of story/similarity.h to a value z, a
 * weighted sum plus the outputs of regression trees (a boosted ensemble;
 * either part may be empty):
 *     z      = bias + sum_i w_i x_i + sum_t tree_t(x)
 *     story  = 1 / (1 + exp(-z))   with "link logistic" (the default), or
 *              z clipped to 0..1   with "link identity"
 *     p_same = 1 / (1 + exp(-(a z + b)))  (probability of one story)
 * A tree is a list of nodes, the root first: a split sends x to its left
 * child when x[feature] (as a 32-bit float, as the trainer compares) is at
 * most the threshold, else to its right child; a leaf holds its value.
 * The weights were fitted by tools/train_story_model.py (development time:
 * no training code here) to the annotators' grades of public labelled
 * pairs; a and b calibrate z to the probability that annotators call the
 * two the same story, on held-out folds.  The file also carries the
 * default thresholds (probabilities, chosen by cross-validation), the data
 * and the command that made it.
 *
 * File format (text, UTF-8, one item a line; '#' lines are comments):
 *     samestory-story-model 1          magic and version (first line)
 *     data TEXT                        what it was fitted on
 *     command TEXT                     the command that wrote it
 *     link logistic|identity           how z becomes the story score
 *     feature NAME WEIGHT              linear weight of a feature (names as
 *                                      in ss_sim_feature_names)
 *     tree N                           a tree of N nodes, which follow:
 *     split NAME THRESHOLD LEFT RIGHT  children as node numbers in the tree
 *     leaf VALUE
 *     bias B
 *     same A B                         the calibration of p_same
 *     threshold P                      default joining probability
 *     headline_threshold P             the same for headline-only articles
 *     crc32 HEX                        CRC-32 (IEEE) of every byte before
 *                                      this line; must be the last line
 * A file that breaks any of this (a child outside its tree, a tree that is
 * not a tree, ...) is refused with SS_EFORMAT and a message naming the
 * file and line.
 *
 * Ownership: the caller owns an ss_story_model it loads or parses and
 * frees its nodes with ss_story_model_release.  The default model
 * (ss_story_model_default) is loaded once per process and owned by the
 * library; never release it.
 */
#ifndef SS_STORY_MODEL_H
#define SS_STORY_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "core/api.h"
#include "core/error.h"
#include "story/similarity.h"

#define SS_STORY_MODEL_MAGIC "samestory-story-model"
#define SS_STORY_MODEL_VERSION 1
/* Data-folder name of the default model, and the variable that overrides it. */
#define SS_STORY_MODEL_FILE "story.model"
#define SS_STORY_MODEL_ENV "SAMESTORY_MODEL"

/* Limits a sane model stays far below (the trainer writes ~100 trees of
 * depth 3: some 1,500 nodes). */
#define SS_STORY_MODEL_MAX_TREES 4096
#define SS_STORY_MODEL_MAX_NODES 262144

typedef struct ss_story_node {
    int32_t feature;        /* SS_SF_*, or -1 for a leaf */
    uint32_t left, right;   /* children (index into the model's nodes) */
    double value;           /* the split threshold, or the leaf's value */
} ss_story_node;

typedef struct ss_story_model {
    double w[SS_SF_COUNT];  /* linear weight per feature, 0 for features not used */
    uint8_t used[SS_SF_COUNT]; /* 1: the feature has a weight or a split */
    int identity;           /* link identity (1) or logistic (0) */
    ss_story_node *nodes;   /* all trees' nodes, tree by tree */
    uint32_t *roots;        /* index of each tree's root in nodes */
    uint32_t ntrees, nnodes;
    double bias;
    double same_a, same_b;  /* calibration of p_same */
    double threshold, headline_threshold;
    char data[512];         /* what it was fitted on */
    char command[512];      /* what made it */
} ss_story_model;

/* Parse a model from buf[len]; name (a file name) is used in messages.
 * SS_OK, or SS_EFORMAT with err naming name, line and reason. */
SS_API int ss_story_model_parse(const char *buf, size_t len, const char *name, ss_story_model *m,
                                ss_error *err);
/* Read and parse a model file.  SS_OK, SS_EIO (cannot read), SS_EFORMAT. */
SS_API int ss_story_model_load(const char *path, ss_story_model *m, ss_error *err);
/* Free the trees of a loaded model (m stays a valid, empty model). */
SS_API void ss_story_model_release(ss_story_model *m);

/* The process's model: the file named by $SAMESTORY_MODEL, else
 * story.model in the data folder (core/datadir.h), loaded on first call
 * (thread-safe).  NULL when it is missing (err: SS_ENODATA) or cannot be
 * used (SS_EIO, SS_EFORMAT); the similarity then falls back to the
 * hand-set combination (docs/STORIES.md).  Later calls repeat the result. */
SS_API const ss_story_model *ss_story_model_default(ss_error *err);

/* Apply m to pair features x: the story score and the probability. */
SS_API void ss_story_model_apply(const ss_story_model *m, const double x[SS_SF_COUNT], double *story,
                                 double *p_same);

/* CRC-32 (IEEE 802.3, reflected, as zlib's crc32) of buf[len]. */
SS_API uint32_t ss_crc32(const void *buf, size_t len);

#endif
