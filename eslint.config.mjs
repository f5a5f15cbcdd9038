// Schema lint (issue #28 item 7): ESLint runs ONLY on the emitted SDL, schema/schema.graphql. TypeScript is linted by Biome.
// Fix findings in the type-graphql sources (src/modules/**), then `npm run schema:emit`; never edit the SDL by hand.
import graphqlPlugin from "@graphql-eslint/eslint-plugin";

/** The feature inputs carry the dataset's column names (CRIM, ZN, …, LSTAT), upper case by design. */
const FEATURE_INPUTS = "/^Housing(Features|Columns)Input$/";

export default [
  { ignores: ["**/*", "!schema/", "!schema/schema.graphql"] },
  {
    files: ["schema/schema.graphql"],
    languageOptions: { parser: graphqlPlugin.parser, parserOptions: { graphQLConfig: { schema: "schema/schema.graphql" } } },
    plugins: { "@graphql-eslint": graphqlPlugin },
    rules: {
      // Every type, field, argument, input field and enum value says what it is (units, ranges, what null means, defaults).
      "@graphql-eslint/require-description": [
        "error",
        {
          types: true,
          rootField: true,
          FieldDefinition: true,
          InputValueDefinition: true,
          EnumValueDefinition: true,
        },
      ],
      // Cursor pagination follows the Relay spec (PageInfo, *Connection and *Edge shapes).
      "@graphql-eslint/relay-page-info": "error",
      "@graphql-eslint/relay-connection-types": "error",
      "@graphql-eslint/relay-edge-types": ["error", { withEdgeSuffix: true, shouldImplementNode: false, listTypeCanWrapOnlyEdgeType: false }],
      "@graphql-eslint/naming-convention": [
        "error",
        {
          types: "PascalCase",
          FieldDefinition: "camelCase",
          EnumValueDefinition: "UPPER_CASE",
          [`InputValueDefinition[parent.name.value!=${FEATURE_INPUTS}]`]: "camelCase",
          [`InputValueDefinition[parent.name.value=${FEATURE_INPUTS}]`]: "UPPER_CASE",
          allowLeadingUnderscore: false,
          allowTrailingUnderscore: false,
        },
      ],
      "@graphql-eslint/no-unreachable-types": "error",
      "@graphql-eslint/unique-enum-value-names": "error",
      "@graphql-eslint/no-hashtag-description": "error",
    },
  },
];
