import { GraphQLISODateTime, ObjectType } from '@nestjs/graphql';
import { Prop } from '../../common/api/prop.js';

@ObjectType('Correction', { description: 'A public correction note: what was fixed, and when.' })
export class CorrectionModel {
  @Prop({ type: () => String, description: 'The note as readers see it.', example: 'An earlier version misstated the date of the meeting.' })
  text!: string;

  @Prop({ type: () => GraphQLISODateTime, description: 'When the correction was made.' })
  createdAt!: Date;
}
