import type { CommentEntity } from './comment.entity.js';
import type { CommentDetailsModel, CommentModel } from './dto/comment.dto.js';

/** Comments as their author and moderators see them. */
export const toDetails = (c: CommentEntity): CommentDetailsModel => ({
  id: c.id,
  articleId: c.articleId,
  parentId: c.parentId,
  depth: c.depth,
  authorId: c.authorId,
  authorName: c.authorName,
  text: c.text,
  status: c.status,
  spamReason: c.spamReason,
  reportCount: c.reportCount,
  createdAt: c.createdAt,
  editedAt: c.editedAt,
});

export const toPublic = (c: CommentEntity): CommentModel => ({
  id: c.id,
  articleId: c.articleId,
  parentId: c.parentId,
  depth: c.depth,
  authorName: c.authorName,
  text: c.text,
  createdAt: c.createdAt,
  editedAt: c.editedAt,
  replies: [],
});
