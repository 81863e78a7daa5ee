/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const org = $root.org = (() => {

    /**
     * Namespace org.
     * @exports org
     * @namespace
     */
    const org = {};

    org.eclipse = (function() {

        /**
         * Namespace eclipse.
         * @memberof org
         * @namespace
         */
        const eclipse = {};

        eclipse.tahu = (function() {

            /**
             * Namespace tahu.
             * @memberof org.eclipse
             * @namespace
             */
            const tahu = {};

            tahu.protobuf = (function() {

                /**
                 * Namespace protobuf.
                 * @memberof org.eclipse.tahu
                 * @namespace
                 */
                const protobuf = {};

                /**
                 * DataType enum.
                 * @name org.eclipse.tahu.protobuf.DataType
                 * @enum {number}
                 * @property {number} Unknown=0 Unknown value
                 * @property {number} Int8=1 Int8 value
                 * @property {number} Int16=2 Int16 value
                 * @property {number} Int32=3 Int32 value
                 * @property {number} Int64=4 Int64 value
                 * @property {number} UInt8=5 UInt8 value
                 * @property {number} UInt16=6 UInt16 value
                 * @property {number} UInt32=7 UInt32 value
                 * @property {number} UInt64=8 UInt64 value
                 * @property {number} Float=9 Float value
                 * @property {number} Double=10 Double value
                 * @property {number} Boolean=11 Boolean value
                 * @property {number} String=12 String value
                 * @property {number} DateTime=13 DateTime value
                 * @property {number} Text=14 Text value
                 * @property {number} UUID=15 UUID value
                 * @property {number} DataSet=16 DataSet value
                 * @property {number} Bytes=17 Bytes value
                 * @property {number} File=18 File value
                 * @property {number} Template=19 Template value
                 * @property {number} PropertySet=20 PropertySet value
                 * @property {number} PropertySetList=21 PropertySetList value
                 * @property {number} Int8Array=22 Int8Array value
                 * @property {number} Int16Array=23 Int16Array value
                 * @property {number} Int32Array=24 Int32Array value
                 * @property {number} Int64Array=25 Int64Array value
                 * @property {number} UInt8Array=26 UInt8Array value
                 * @property {number} UInt16Array=27 UInt16Array value
                 * @property {number} UInt32Array=28 UInt32Array value
                 * @property {number} UInt64Array=29 UInt64Array value
                 * @property {number} FloatArray=30 FloatArray value
                 * @property {number} DoubleArray=31 DoubleArray value
                 * @property {number} BooleanArray=32 BooleanArray value
                 * @property {number} StringArray=33 StringArray value
                 * @property {number} DateTimeArray=34 DateTimeArray value
                 */
                protobuf.DataType = (function() {
                    const valuesById = {}, values = Object.create(valuesById);
                    values[valuesById[0] = "Unknown"] = 0;
                    values[valuesById[1] = "Int8"] = 1;
                    values[valuesById[2] = "Int16"] = 2;
                    values[valuesById[3] = "Int32"] = 3;
                    values[valuesById[4] = "Int64"] = 4;
                    values[valuesById[5] = "UInt8"] = 5;
                    values[valuesById[6] = "UInt16"] = 6;
                    values[valuesById[7] = "UInt32"] = 7;
                    values[valuesById[8] = "UInt64"] = 8;
                    values[valuesById[9] = "Float"] = 9;
                    values[valuesById[10] = "Double"] = 10;
                    values[valuesById[11] = "Boolean"] = 11;
                    values[valuesById[12] = "String"] = 12;
                    values[valuesById[13] = "DateTime"] = 13;
                    values[valuesById[14] = "Text"] = 14;
                    values[valuesById[15] = "UUID"] = 15;
                    values[valuesById[16] = "DataSet"] = 16;
                    values[valuesById[17] = "Bytes"] = 17;
                    values[valuesById[18] = "File"] = 18;
                    values[valuesById[19] = "Template"] = 19;
                    values[valuesById[20] = "PropertySet"] = 20;
                    values[valuesById[21] = "PropertySetList"] = 21;
                    values[valuesById[22] = "Int8Array"] = 22;
                    values[valuesById[23] = "Int16Array"] = 23;
                    values[valuesById[24] = "Int32Array"] = 24;
                    values[valuesById[25] = "Int64Array"] = 25;
                    values[valuesById[26] = "UInt8Array"] = 26;
                    values[valuesById[27] = "UInt16Array"] = 27;
                    values[valuesById[28] = "UInt32Array"] = 28;
                    values[valuesById[29] = "UInt64Array"] = 29;
                    values[valuesById[30] = "FloatArray"] = 30;
                    values[valuesById[31] = "DoubleArray"] = 31;
                    values[valuesById[32] = "BooleanArray"] = 32;
                    values[valuesById[33] = "StringArray"] = 33;
                    values[valuesById[34] = "DateTimeArray"] = 34;
                    return values;
                })();

                protobuf.Payload = (function() {

                    /**
                     * Properties of a Payload.
                     * @memberof org.eclipse.tahu.protobuf
                     * @interface IPayload
                     * @property {number|Long|null} [timestamp] Payload timestamp
                     * @property {Array.<org.eclipse.tahu.protobuf.Payload.IMetric>|null} [metrics] Payload metrics
                     * @property {number|Long|null} [seq] Payload seq
                     * @property {string|null} [uuid] Payload uuid
                     * @property {Uint8Array|null} [body] Payload body
                     */

                    /**
                     * Constructs a new Payload.
                     * @memberof org.eclipse.tahu.protobuf
                     * @classdesc Represents a Payload.
                     * @implements IPayload
                     * @constructor
                     * @param {org.eclipse.tahu.protobuf.IPayload=} [properties] Properties to set
                     */
                    function Payload(properties) {
                        this.metrics = [];
                        if (properties)
                            for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                    this[keys[i]] = properties[keys[i]];
                    }

                    /**
                     * Payload timestamp.
                     * @member {number|Long} timestamp
                     * @memberof org.eclipse.tahu.protobuf.Payload
                     * @instance
                     */
                    Payload.prototype.timestamp = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

                    /**
                     * Payload metrics.
                     * @member {Array.<org.eclipse.tahu.protobuf.Payload.IMetric>} metrics
                     * @memberof org.eclipse.tahu.protobuf.Payload
                     * @instance
                     */
                    Payload.prototype.metrics = $util.emptyArray;

                    /**
                     * Payload seq.
                     * @member {number|Long} seq
                     * @memberof org.eclipse.tahu.protobuf.Payload
                     * @instance
                     */
                    Payload.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

                    /**
                     * Payload uuid.
                     * @member {string} uuid
                     * @memberof org.eclipse.tahu.protobuf.Payload
                     * @instance
                     */
                    Payload.prototype.uuid = "";

                    /**
                     * Payload body.
                     * @member {Uint8Array} body
                     * @memberof org.eclipse.tahu.protobuf.Payload
                     * @instance
                     */
                    Payload.prototype.body = $util.newBuffer([]);

                    /**
                     * Creates a new Payload instance using the specified properties.
                     * @function create
                     * @memberof org.eclipse.tahu.protobuf.Payload
                     * @static
                     * @param {org.eclipse.tahu.protobuf.IPayload=} [properties] Properties to set
                     * @returns {org.eclipse.tahu.protobuf.Payload} Payload instance
                     */
                    Payload.create = function create(properties) {
                        return new Payload(properties);
                    };

                    /**
                     * Encodes the specified Payload message. Does not implicitly {@link org.eclipse.tahu.protobuf.Payload.verify|verify} messages.
                     * @function encode
                     * @memberof org.eclipse.tahu.protobuf.Payload
                     * @static
                     * @param {org.eclipse.tahu.protobuf.IPayload} message Payload message or plain object to encode
                     * @param {$protobuf.Writer} [writer] Writer to encode to
                     * @returns {$protobuf.Writer} Writer
                     */
                    Payload.encode = function encode(message, writer, q) {
                        if (!writer)
                            writer = $Writer.create();
                        if (q === undefined)
                            q = 0;
                        if (q > $util.recursionLimit)
                            throw Error("max depth exceeded");
                        if (message.timestamp != null && Object.hasOwnProperty.call(message, "timestamp"))
                            writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.timestamp);
                        if (message.metrics != null && message.metrics.length)
                            for (let i = 0; i < message.metrics.length; ++i)
                                $root.org.eclipse.tahu.protobuf.Payload.Metric.encode(message.metrics[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
                        if (message.seq != null && Object.hasOwnProperty.call(message, "seq"))
                            writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.seq);
                        if (message.uuid != null && Object.hasOwnProperty.call(message, "uuid"))
                            writer.uint32(/* id 4, wireType 2 =*/34).string(message.uuid);
                        if (message.body != null && Object.hasOwnProperty.call(message, "body"))
                            writer.uint32(/* id 5, wireType 2 =*/42).bytes(message.body);
                        return writer;
                    };

                    /**
                     * Decodes a Payload message from the specified reader or buffer.
                     * @function decode
                     * @memberof org.eclipse.tahu.protobuf.Payload
                     * @static
                     * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                     * @param {number} [length] Message length if known beforehand
                     * @returns {org.eclipse.tahu.protobuf.Payload} Payload
                     * @throws {Error} If the payload is not a reader or valid buffer
                     * @throws {$protobuf.util.ProtocolError} If required fields are missing
                     */
                    Payload.decode = function decode(reader, length, error, long) {
                        if (!(reader instanceof $Reader))
                            reader = $Reader.create(reader);
                        if (long === undefined)
                            long = 0;
                        if (long > $Reader.recursionLimit)
                            throw Error("maximum nesting depth exceeded");
                        let end, message;
                        if (length === undefined)
                            end = reader.len;
                        else {
                            end = reader.pos + length;
                            if (end > reader.len)
                                throw RangeError("index out of range");
                            length = reader.len;
                            reader.len = end;
                        }
                        message = new $root.org.eclipse.tahu.protobuf.Payload();
                        while (reader.pos < end) {
                            let tag = reader.uint32();
                            if (tag === error)
                                break;
                            switch (tag >>> 3) {
                            case 1: {
                                    message.timestamp = reader.uint64();
                                    break;
                                }
                            case 2: {
                                    if (!(message.metrics && message.metrics.length))
                                        message.metrics = [];
                                    message.metrics.push($root.org.eclipse.tahu.protobuf.Payload.Metric.decode(reader, reader.uint32(), undefined, long + 1));
                                    break;
                                }
                            case 3: {
                                    message.seq = reader.uint64();
                                    break;
                                }
                            case 4: {
                                    message.uuid = reader.string();
                                    break;
                                }
                            case 5: {
                                    message.body = reader.bytes();
                                    break;
                                }
                            default:
                                reader.skipType(tag & 7, long);
                                break;
                            }
                        }
                        if (length !== undefined) {
                            if (reader.pos !== end)
                                throw RangeError("index out of range");
                            reader.len = length;
                        }
                        return message;
                    };

                    Payload.Template = (function() {

                        /**
                         * Properties of a Template.
                         * @memberof org.eclipse.tahu.protobuf.Payload
                         * @interface ITemplate
                         * @property {string|null} [version] Template version
                         * @property {Array.<org.eclipse.tahu.protobuf.Payload.IMetric>|null} [metrics] Template metrics
                         * @property {Array.<org.eclipse.tahu.protobuf.Payload.Template.IParameter>|null} [parameters] Template parameters
                         * @property {string|null} [templateRef] Template templateRef
                         * @property {boolean|null} [isDefinition] Template isDefinition
                         */

                        /**
                         * Constructs a new Template.
                         * @memberof org.eclipse.tahu.protobuf.Payload
                         * @classdesc Represents a Template.
                         * @implements ITemplate
                         * @constructor
                         * @param {org.eclipse.tahu.protobuf.Payload.ITemplate=} [properties] Properties to set
                         */
                        function Template(properties) {
                            this.metrics = [];
                            this.parameters = [];
                            if (properties)
                                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                        this[keys[i]] = properties[keys[i]];
                        }

                        /**
                         * Template version.
                         * @member {string} version
                         * @memberof org.eclipse.tahu.protobuf.Payload.Template
                         * @instance
                         */
                        Template.prototype.version = "";

                        /**
                         * Template metrics.
                         * @member {Array.<org.eclipse.tahu.protobuf.Payload.IMetric>} metrics
                         * @memberof org.eclipse.tahu.protobuf.Payload.Template
                         * @instance
                         */
                        Template.prototype.metrics = $util.emptyArray;

                        /**
                         * Template parameters.
                         * @member {Array.<org.eclipse.tahu.protobuf.Payload.Template.IParameter>} parameters
                         * @memberof org.eclipse.tahu.protobuf.Payload.Template
                         * @instance
                         */
                        Template.prototype.parameters = $util.emptyArray;

                        /**
                         * Template templateRef.
                         * @member {string} templateRef
                         * @memberof org.eclipse.tahu.protobuf.Payload.Template
                         * @instance
                         */
                        Template.prototype.templateRef = "";

                        /**
                         * Template isDefinition.
                         * @member {boolean} isDefinition
                         * @memberof org.eclipse.tahu.protobuf.Payload.Template
                         * @instance
                         */
                        Template.prototype.isDefinition = false;

                        /**
                         * Creates a new Template instance using the specified properties.
                         * @function create
                         * @memberof org.eclipse.tahu.protobuf.Payload.Template
                         * @static
                         * @param {org.eclipse.tahu.protobuf.Payload.ITemplate=} [properties] Properties to set
                         * @returns {org.eclipse.tahu.protobuf.Payload.Template} Template instance
                         */
                        Template.create = function create(properties) {
                            return new Template(properties);
                        };

                        /**
                         * Encodes the specified Template message. Does not implicitly {@link org.eclipse.tahu.protobuf.Payload.Template.verify|verify} messages.
                         * @function encode
                         * @memberof org.eclipse.tahu.protobuf.Payload.Template
                         * @static
                         * @param {org.eclipse.tahu.protobuf.Payload.ITemplate} message Template message or plain object to encode
                         * @param {$protobuf.Writer} [writer] Writer to encode to
                         * @returns {$protobuf.Writer} Writer
                         */
                        Template.encode = function encode(message, writer, q) {
                            if (!writer)
                                writer = $Writer.create();
                            if (q === undefined)
                                q = 0;
                            if (q > $util.recursionLimit)
                                throw Error("max depth exceeded");
                            if (message.version != null && Object.hasOwnProperty.call(message, "version"))
                                writer.uint32(/* id 1, wireType 2 =*/10).string(message.version);
                            if (message.metrics != null && message.metrics.length)
                                for (let i = 0; i < message.metrics.length; ++i)
                                    $root.org.eclipse.tahu.protobuf.Payload.Metric.encode(message.metrics[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
                            if (message.parameters != null && message.parameters.length)
                                for (let i = 0; i < message.parameters.length; ++i)
                                    $root.org.eclipse.tahu.protobuf.Payload.Template.Parameter.encode(message.parameters[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
                            if (message.templateRef != null && Object.hasOwnProperty.call(message, "templateRef"))
                                writer.uint32(/* id 4, wireType 2 =*/34).string(message.templateRef);
                            if (message.isDefinition != null && Object.hasOwnProperty.call(message, "isDefinition"))
                                writer.uint32(/* id 5, wireType 0 =*/40).bool(message.isDefinition);
                            return writer;
                        };

                        /**
                         * Decodes a Template message from the specified reader or buffer.
                         * @function decode
                         * @memberof org.eclipse.tahu.protobuf.Payload.Template
                         * @static
                         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                         * @param {number} [length] Message length if known beforehand
                         * @returns {org.eclipse.tahu.protobuf.Payload.Template} Template
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        Template.decode = function decode(reader, length, error, long) {
                            if (!(reader instanceof $Reader))
                                reader = $Reader.create(reader);
                            if (long === undefined)
                                long = 0;
                            if (long > $Reader.recursionLimit)
                                throw Error("maximum nesting depth exceeded");
                            let end, message;
                            if (length === undefined)
                                end = reader.len;
                            else {
                                end = reader.pos + length;
                                if (end > reader.len)
                                    throw RangeError("index out of range");
                                length = reader.len;
                                reader.len = end;
                            }
                            message = new $root.org.eclipse.tahu.protobuf.Payload.Template();
                            while (reader.pos < end) {
                                let tag = reader.uint32();
                                if (tag === error)
                                    break;
                                switch (tag >>> 3) {
                                case 1: {
                                        message.version = reader.string();
                                        break;
                                    }
                                case 2: {
                                        if (!(message.metrics && message.metrics.length))
                                            message.metrics = [];
                                        message.metrics.push($root.org.eclipse.tahu.protobuf.Payload.Metric.decode(reader, reader.uint32(), undefined, long + 1));
                                        break;
                                    }
                                case 3: {
                                        if (!(message.parameters && message.parameters.length))
                                            message.parameters = [];
                                        message.parameters.push($root.org.eclipse.tahu.protobuf.Payload.Template.Parameter.decode(reader, reader.uint32(), undefined, long + 1));
                                        break;
                                    }
                                case 4: {
                                        message.templateRef = reader.string();
                                        break;
                                    }
                                case 5: {
                                        message.isDefinition = reader.bool();
                                        break;
                                    }
                                default:
                                    reader.skipType(tag & 7, long);
                                    break;
                                }
                            }
                            if (length !== undefined) {
                                if (reader.pos !== end)
                                    throw RangeError("index out of range");
                                reader.len = length;
                            }
                            return message;
                        };

                        Template.Parameter = (function() {

                            /**
                             * Properties of a Parameter.
                             * @memberof org.eclipse.tahu.protobuf.Payload.Template
                             * @interface IParameter
                             * @property {string|null} [name] Parameter name
                             * @property {number|null} [type] Parameter type
                             * @property {number|null} [intValue] Parameter intValue
                             * @property {number|Long|null} [longValue] Parameter longValue
                             * @property {number|null} [floatValue] Parameter floatValue
                             * @property {number|null} [doubleValue] Parameter doubleValue
                             * @property {boolean|null} [booleanValue] Parameter booleanValue
                             * @property {string|null} [stringValue] Parameter stringValue
                             * @property {org.eclipse.tahu.protobuf.Payload.Template.Parameter.IParameterValueExtension|null} [extensionValue] Parameter extensionValue
                             */

                            /**
                             * Constructs a new Parameter.
                             * @memberof org.eclipse.tahu.protobuf.Payload.Template
                             * @classdesc Represents a Parameter.
                             * @implements IParameter
                             * @constructor
                             * @param {org.eclipse.tahu.protobuf.Payload.Template.IParameter=} [properties] Properties to set
                             */
                            function Parameter(properties) {
                                if (properties)
                                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                            this[keys[i]] = properties[keys[i]];
                            }

                            /**
                             * Parameter name.
                             * @member {string} name
                             * @memberof org.eclipse.tahu.protobuf.Payload.Template.Parameter
                             * @instance
                             */
                            Parameter.prototype.name = "";

                            /**
                             * Parameter type.
                             * @member {number} type
                             * @memberof org.eclipse.tahu.protobuf.Payload.Template.Parameter
                             * @instance
                             */
                            Parameter.prototype.type = 0;

                            /**
                             * Parameter intValue.
                             * @member {number|null|undefined} intValue
                             * @memberof org.eclipse.tahu.protobuf.Payload.Template.Parameter
                             * @instance
                             */
                            Parameter.prototype.intValue = null;

                            /**
                             * Parameter longValue.
                             * @member {number|Long|null|undefined} longValue
                             * @memberof org.eclipse.tahu.protobuf.Payload.Template.Parameter
                             * @instance
                             */
                            Parameter.prototype.longValue = null;

                            /**
                             * Parameter floatValue.
                             * @member {number|null|undefined} floatValue
                             * @memberof org.eclipse.tahu.protobuf.Payload.Template.Parameter
                             * @instance
                             */
                            Parameter.prototype.floatValue = null;

                            /**
                             * Parameter doubleValue.
                             * @member {number|null|undefined} doubleValue
                             * @memberof org.eclipse.tahu.protobuf.Payload.Template.Parameter
                             * @instance
                             */
                            Parameter.prototype.doubleValue = null;

                            /**
                             * Parameter booleanValue.
                             * @member {boolean|null|undefined} booleanValue
                             * @memberof org.eclipse.tahu.protobuf.Payload.Template.Parameter
                             * @instance
                             */
                            Parameter.prototype.booleanValue = null;

                            /**
                             * Parameter stringValue.
                             * @member {string|null|undefined} stringValue
                             * @memberof org.eclipse.tahu.protobuf.Payload.Template.Parameter
                             * @instance
                             */
                            Parameter.prototype.stringValue = null;

                            /**
                             * Parameter extensionValue.
                             * @member {org.eclipse.tahu.protobuf.Payload.Template.Parameter.IParameterValueExtension|null|undefined} extensionValue
                             * @memberof org.eclipse.tahu.protobuf.Payload.Template.Parameter
                             * @instance
                             */
                            Parameter.prototype.extensionValue = null;

                            // OneOf field names bound to virtual getters and setters
                            let $oneOfFields;

                            /**
                             * Parameter value.
                             * @member {"intValue"|"longValue"|"floatValue"|"doubleValue"|"booleanValue"|"stringValue"|"extensionValue"|undefined} value
                             * @memberof org.eclipse.tahu.protobuf.Payload.Template.Parameter
                             * @instance
                             */
                            Object.defineProperty(Parameter.prototype, "value", {
                                get: $util.oneOfGetter($oneOfFields = ["intValue", "longValue", "floatValue", "doubleValue", "booleanValue", "stringValue", "extensionValue"]),
                                set: $util.oneOfSetter($oneOfFields)
                            });

                            /**
                             * Creates a new Parameter instance using the specified properties.
                             * @function create
                             * @memberof org.eclipse.tahu.protobuf.Payload.Template.Parameter
                             * @static
                             * @param {org.eclipse.tahu.protobuf.Payload.Template.IParameter=} [properties] Properties to set
                             * @returns {org.eclipse.tahu.protobuf.Payload.Template.Parameter} Parameter instance
                             */
                            Parameter.create = function create(properties) {
                                return new Parameter(properties);
                            };

                            /**
                             * Encodes the specified Parameter message. Does not implicitly {@link org.eclipse.tahu.protobuf.Payload.Template.Parameter.verify|verify} messages.
                             * @function encode
                             * @memberof org.eclipse.tahu.protobuf.Payload.Template.Parameter
                             * @static
                             * @param {org.eclipse.tahu.protobuf.Payload.Template.IParameter} message Parameter message or plain object to encode
                             * @param {$protobuf.Writer} [writer] Writer to encode to
                             * @returns {$protobuf.Writer} Writer
                             */
                            Parameter.encode = function encode(message, writer, q) {
                                if (!writer)
                                    writer = $Writer.create();
                                if (q === undefined)
                                    q = 0;
                                if (q > $util.recursionLimit)
                                    throw Error("max depth exceeded");
                                if (message.name != null && Object.hasOwnProperty.call(message, "name"))
                                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.name);
                                if (message.type != null && Object.hasOwnProperty.call(message, "type"))
                                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.type);
                                if (message.intValue != null && Object.hasOwnProperty.call(message, "intValue"))
                                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.intValue);
                                if (message.longValue != null && Object.hasOwnProperty.call(message, "longValue"))
                                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.longValue);
                                if (message.floatValue != null && Object.hasOwnProperty.call(message, "floatValue"))
                                    writer.uint32(/* id 5, wireType 5 =*/45).float(message.floatValue);
                                if (message.doubleValue != null && Object.hasOwnProperty.call(message, "doubleValue"))
                                    writer.uint32(/* id 6, wireType 1 =*/49).double(message.doubleValue);
                                if (message.booleanValue != null && Object.hasOwnProperty.call(message, "booleanValue"))
                                    writer.uint32(/* id 7, wireType 0 =*/56).bool(message.booleanValue);
                                if (message.stringValue != null && Object.hasOwnProperty.call(message, "stringValue"))
                                    writer.uint32(/* id 8, wireType 2 =*/66).string(message.stringValue);
                                if (message.extensionValue != null && Object.hasOwnProperty.call(message, "extensionValue"))
                                    $root.org.eclipse.tahu.protobuf.Payload.Template.Parameter.ParameterValueExtension.encode(message.extensionValue, writer.uint32(/* id 9, wireType 2 =*/74).fork(), q + 1).ldelim();
                                return writer;
                            };

                            /**
                             * Decodes a Parameter message from the specified reader or buffer.
                             * @function decode
                             * @memberof org.eclipse.tahu.protobuf.Payload.Template.Parameter
                             * @static
                             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                             * @param {number} [length] Message length if known beforehand
                             * @returns {org.eclipse.tahu.protobuf.Payload.Template.Parameter} Parameter
                             * @throws {Error} If the payload is not a reader or valid buffer
                             * @throws {$protobuf.util.ProtocolError} If required fields are missing
                             */
                            Parameter.decode = function decode(reader, length, error, long) {
                                if (!(reader instanceof $Reader))
                                    reader = $Reader.create(reader);
                                if (long === undefined)
                                    long = 0;
                                if (long > $Reader.recursionLimit)
                                    throw Error("maximum nesting depth exceeded");
                                let end, message;
                                if (length === undefined)
                                    end = reader.len;
                                else {
                                    end = reader.pos + length;
                                    if (end > reader.len)
                                        throw RangeError("index out of range");
                                    length = reader.len;
                                    reader.len = end;
                                }
                                message = new $root.org.eclipse.tahu.protobuf.Payload.Template.Parameter();
                                while (reader.pos < end) {
                                    let tag = reader.uint32();
                                    if (tag === error)
                                        break;
                                    switch (tag >>> 3) {
                                    case 1: {
                                            message.name = reader.string();
                                            break;
                                        }
                                    case 2: {
                                            message.type = reader.uint32();
                                            break;
                                        }
                                    case 3: {
                                            message.intValue = reader.uint32();
                                            break;
                                        }
                                    case 4: {
                                            message.longValue = reader.uint64();
                                            break;
                                        }
                                    case 5: {
                                            message.floatValue = reader.float();
                                            break;
                                        }
                                    case 6: {
                                            message.doubleValue = reader.double();
                                            break;
                                        }
                                    case 7: {
                                            message.booleanValue = reader.bool();
                                            break;
                                        }
                                    case 8: {
                                            message.stringValue = reader.string();
                                            break;
                                        }
                                    case 9: {
                                            message.extensionValue = $root.org.eclipse.tahu.protobuf.Payload.Template.Parameter.ParameterValueExtension.decode(reader, reader.uint32(), undefined, long + 1);
                                            break;
                                        }
                                    default:
                                        reader.skipType(tag & 7, long);
                                        break;
                                    }
                                }
                                if (length !== undefined) {
                                    if (reader.pos !== end)
                                        throw RangeError("index out of range");
                                    reader.len = length;
                                }
                                return message;
                            };

                            Parameter.ParameterValueExtension = (function() {

                                /**
                                 * Properties of a ParameterValueExtension.
                                 * @memberof org.eclipse.tahu.protobuf.Payload.Template.Parameter
                                 * @interface IParameterValueExtension
                                 */

                                /**
                                 * Constructs a new ParameterValueExtension.
                                 * @memberof org.eclipse.tahu.protobuf.Payload.Template.Parameter
                                 * @classdesc Represents a ParameterValueExtension.
                                 * @implements IParameterValueExtension
                                 * @constructor
                                 * @param {org.eclipse.tahu.protobuf.Payload.Template.Parameter.IParameterValueExtension=} [properties] Properties to set
                                 */
                                function ParameterValueExtension(properties) {
                                    if (properties)
                                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                                this[keys[i]] = properties[keys[i]];
                                }

                                /**
                                 * Creates a new ParameterValueExtension instance using the specified properties.
                                 * @function create
                                 * @memberof org.eclipse.tahu.protobuf.Payload.Template.Parameter.ParameterValueExtension
                                 * @static
                                 * @param {org.eclipse.tahu.protobuf.Payload.Template.Parameter.IParameterValueExtension=} [properties] Properties to set
                                 * @returns {org.eclipse.tahu.protobuf.Payload.Template.Parameter.ParameterValueExtension} ParameterValueExtension instance
                                 */
                                ParameterValueExtension.create = function create(properties) {
                                    return new ParameterValueExtension(properties);
                                };

                                /**
                                 * Encodes the specified ParameterValueExtension message. Does not implicitly {@link org.eclipse.tahu.protobuf.Payload.Template.Parameter.ParameterValueExtension.verify|verify} messages.
                                 * @function encode
                                 * @memberof org.eclipse.tahu.protobuf.Payload.Template.Parameter.ParameterValueExtension
                                 * @static
                                 * @param {org.eclipse.tahu.protobuf.Payload.Template.Parameter.IParameterValueExtension} message ParameterValueExtension message or plain object to encode
                                 * @param {$protobuf.Writer} [writer] Writer to encode to
                                 * @returns {$protobuf.Writer} Writer
                                 */
                                ParameterValueExtension.encode = function encode(message, writer, q) {
                                    if (!writer)
                                        writer = $Writer.create();
                                    if (q === undefined)
                                        q = 0;
                                    if (q > $util.recursionLimit)
                                        throw Error("max depth exceeded");
                                    return writer;
                                };

                                /**
                                 * Decodes a ParameterValueExtension message from the specified reader or buffer.
                                 * @function decode
                                 * @memberof org.eclipse.tahu.protobuf.Payload.Template.Parameter.ParameterValueExtension
                                 * @static
                                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                                 * @param {number} [length] Message length if known beforehand
                                 * @returns {org.eclipse.tahu.protobuf.Payload.Template.Parameter.ParameterValueExtension} ParameterValueExtension
                                 * @throws {Error} If the payload is not a reader or valid buffer
                                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                                 */
                                ParameterValueExtension.decode = function decode(reader, length, error, long) {
                                    if (!(reader instanceof $Reader))
                                        reader = $Reader.create(reader);
                                    if (long === undefined)
                                        long = 0;
                                    if (long > $Reader.recursionLimit)
                                        throw Error("maximum nesting depth exceeded");
                                    let end, message;
                                    if (length === undefined)
                                        end = reader.len;
                                    else {
                                        end = reader.pos + length;
                                        if (end > reader.len)
                                            throw RangeError("index out of range");
                                        length = reader.len;
                                        reader.len = end;
                                    }
                                    message = new $root.org.eclipse.tahu.protobuf.Payload.Template.Parameter.ParameterValueExtension();
                                    while (reader.pos < end) {
                                        let tag = reader.uint32();
                                        if (tag === error)
                                            break;
                                        switch (tag >>> 3) {
                                        default:
                                            reader.skipType(tag & 7, long);
                                            break;
                                        }
                                    }
                                    if (length !== undefined) {
                                        if (reader.pos !== end)
                                            throw RangeError("index out of range");
                                        reader.len = length;
                                    }
                                    return message;
                                };

                                return ParameterValueExtension;
                            })();

                            return Parameter;
                        })();

                        return Template;
                    })();

                    Payload.DataSet = (function() {

                        /**
                         * Properties of a DataSet.
                         * @memberof org.eclipse.tahu.protobuf.Payload
                         * @interface IDataSet
                         * @property {number|Long|null} [numOfColumns] DataSet numOfColumns
                         * @property {Array.<string>|null} [columns] DataSet columns
                         * @property {Array.<number>|null} [types] DataSet types
                         * @property {Array.<org.eclipse.tahu.protobuf.Payload.DataSet.IRow>|null} [rows] DataSet rows
                         */

                        /**
                         * Constructs a new DataSet.
                         * @memberof org.eclipse.tahu.protobuf.Payload
                         * @classdesc Represents a DataSet.
                         * @implements IDataSet
                         * @constructor
                         * @param {org.eclipse.tahu.protobuf.Payload.IDataSet=} [properties] Properties to set
                         */
                        function DataSet(properties) {
                            this.columns = [];
                            this.types = [];
                            this.rows = [];
                            if (properties)
                                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                        this[keys[i]] = properties[keys[i]];
                        }

                        /**
                         * DataSet numOfColumns.
                         * @member {number|Long} numOfColumns
                         * @memberof org.eclipse.tahu.protobuf.Payload.DataSet
                         * @instance
                         */
                        DataSet.prototype.numOfColumns = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

                        /**
                         * DataSet columns.
                         * @member {Array.<string>} columns
                         * @memberof org.eclipse.tahu.protobuf.Payload.DataSet
                         * @instance
                         */
                        DataSet.prototype.columns = $util.emptyArray;

                        /**
                         * DataSet types.
                         * @member {Array.<number>} types
                         * @memberof org.eclipse.tahu.protobuf.Payload.DataSet
                         * @instance
                         */
                        DataSet.prototype.types = $util.emptyArray;

                        /**
                         * DataSet rows.
                         * @member {Array.<org.eclipse.tahu.protobuf.Payload.DataSet.IRow>} rows
                         * @memberof org.eclipse.tahu.protobuf.Payload.DataSet
                         * @instance
                         */
                        DataSet.prototype.rows = $util.emptyArray;

                        /**
                         * Creates a new DataSet instance using the specified properties.
                         * @function create
                         * @memberof org.eclipse.tahu.protobuf.Payload.DataSet
                         * @static
                         * @param {org.eclipse.tahu.protobuf.Payload.IDataSet=} [properties] Properties to set
                         * @returns {org.eclipse.tahu.protobuf.Payload.DataSet} DataSet instance
                         */
                        DataSet.create = function create(properties) {
                            return new DataSet(properties);
                        };

                        /**
                         * Encodes the specified DataSet message. Does not implicitly {@link org.eclipse.tahu.protobuf.Payload.DataSet.verify|verify} messages.
                         * @function encode
                         * @memberof org.eclipse.tahu.protobuf.Payload.DataSet
                         * @static
                         * @param {org.eclipse.tahu.protobuf.Payload.IDataSet} message DataSet message or plain object to encode
                         * @param {$protobuf.Writer} [writer] Writer to encode to
                         * @returns {$protobuf.Writer} Writer
                         */
                        DataSet.encode = function encode(message, writer, q) {
                            if (!writer)
                                writer = $Writer.create();
                            if (q === undefined)
                                q = 0;
                            if (q > $util.recursionLimit)
                                throw Error("max depth exceeded");
                            if (message.numOfColumns != null && Object.hasOwnProperty.call(message, "numOfColumns"))
                                writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.numOfColumns);
                            if (message.columns != null && message.columns.length)
                                for (let i = 0; i < message.columns.length; ++i)
                                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.columns[i]);
                            if (message.types != null && message.types.length)
                                for (let i = 0; i < message.types.length; ++i)
                                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.types[i]);
                            if (message.rows != null && message.rows.length)
                                for (let i = 0; i < message.rows.length; ++i)
                                    $root.org.eclipse.tahu.protobuf.Payload.DataSet.Row.encode(message.rows[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), q + 1).ldelim();
                            return writer;
                        };

                        /**
                         * Decodes a DataSet message from the specified reader or buffer.
                         * @function decode
                         * @memberof org.eclipse.tahu.protobuf.Payload.DataSet
                         * @static
                         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                         * @param {number} [length] Message length if known beforehand
                         * @returns {org.eclipse.tahu.protobuf.Payload.DataSet} DataSet
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        DataSet.decode = function decode(reader, length, error, long) {
                            if (!(reader instanceof $Reader))
                                reader = $Reader.create(reader);
                            if (long === undefined)
                                long = 0;
                            if (long > $Reader.recursionLimit)
                                throw Error("maximum nesting depth exceeded");
                            let end, message;
                            if (length === undefined)
                                end = reader.len;
                            else {
                                end = reader.pos + length;
                                if (end > reader.len)
                                    throw RangeError("index out of range");
                                length = reader.len;
                                reader.len = end;
                            }
                            message = new $root.org.eclipse.tahu.protobuf.Payload.DataSet();
                            while (reader.pos < end) {
                                let tag = reader.uint32();
                                if (tag === error)
                                    break;
                                switch (tag >>> 3) {
                                case 1: {
                                        message.numOfColumns = reader.uint64();
                                        break;
                                    }
                                case 2: {
                                        if (!(message.columns && message.columns.length))
                                            message.columns = [];
                                        message.columns.push(reader.string());
                                        break;
                                    }
                                case 3: {
                                        if (!(message.types && message.types.length))
                                            message.types = [];
                                        if ((tag & 7) === 2) {
                                            let end2 = reader.uint32() + reader.pos;
                                            if (end2 > reader.len)
                                                throw RangeError("index out of range");
                                            reader.len = end2;
                                            while (reader.pos < end2)
                                                message.types.push(reader.uint32());
                                            if (reader.pos !== end2)
                                                throw RangeError("index out of range");
                                            reader.len = end;
                                        } else
                                            message.types.push(reader.uint32());
                                        break;
                                    }
                                case 4: {
                                        if (!(message.rows && message.rows.length))
                                            message.rows = [];
                                        message.rows.push($root.org.eclipse.tahu.protobuf.Payload.DataSet.Row.decode(reader, reader.uint32(), undefined, long + 1));
                                        break;
                                    }
                                default:
                                    reader.skipType(tag & 7, long);
                                    break;
                                }
                            }
                            if (length !== undefined) {
                                if (reader.pos !== end)
                                    throw RangeError("index out of range");
                                reader.len = length;
                            }
                            return message;
                        };

                        DataSet.DataSetValue = (function() {

                            /**
                             * Properties of a DataSetValue.
                             * @memberof org.eclipse.tahu.protobuf.Payload.DataSet
                             * @interface IDataSetValue
                             * @property {number|null} [intValue] DataSetValue intValue
                             * @property {number|Long|null} [longValue] DataSetValue longValue
                             * @property {number|null} [floatValue] DataSetValue floatValue
                             * @property {number|null} [doubleValue] DataSetValue doubleValue
                             * @property {boolean|null} [booleanValue] DataSetValue booleanValue
                             * @property {string|null} [stringValue] DataSetValue stringValue
                             * @property {org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue.IDataSetValueExtension|null} [extensionValue] DataSetValue extensionValue
                             */

                            /**
                             * Constructs a new DataSetValue.
                             * @memberof org.eclipse.tahu.protobuf.Payload.DataSet
                             * @classdesc Represents a DataSetValue.
                             * @implements IDataSetValue
                             * @constructor
                             * @param {org.eclipse.tahu.protobuf.Payload.DataSet.IDataSetValue=} [properties] Properties to set
                             */
                            function DataSetValue(properties) {
                                if (properties)
                                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                            this[keys[i]] = properties[keys[i]];
                            }

                            /**
                             * DataSetValue intValue.
                             * @member {number|null|undefined} intValue
                             * @memberof org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue
                             * @instance
                             */
                            DataSetValue.prototype.intValue = null;

                            /**
                             * DataSetValue longValue.
                             * @member {number|Long|null|undefined} longValue
                             * @memberof org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue
                             * @instance
                             */
                            DataSetValue.prototype.longValue = null;

                            /**
                             * DataSetValue floatValue.
                             * @member {number|null|undefined} floatValue
                             * @memberof org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue
                             * @instance
                             */
                            DataSetValue.prototype.floatValue = null;

                            /**
                             * DataSetValue doubleValue.
                             * @member {number|null|undefined} doubleValue
                             * @memberof org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue
                             * @instance
                             */
                            DataSetValue.prototype.doubleValue = null;

                            /**
                             * DataSetValue booleanValue.
                             * @member {boolean|null|undefined} booleanValue
                             * @memberof org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue
                             * @instance
                             */
                            DataSetValue.prototype.booleanValue = null;

                            /**
                             * DataSetValue stringValue.
                             * @member {string|null|undefined} stringValue
                             * @memberof org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue
                             * @instance
                             */
                            DataSetValue.prototype.stringValue = null;

                            /**
                             * DataSetValue extensionValue.
                             * @member {org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue.IDataSetValueExtension|null|undefined} extensionValue
                             * @memberof org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue
                             * @instance
                             */
                            DataSetValue.prototype.extensionValue = null;

                            // OneOf field names bound to virtual getters and setters
                            let $oneOfFields;

                            /**
                             * DataSetValue value.
                             * @member {"intValue"|"longValue"|"floatValue"|"doubleValue"|"booleanValue"|"stringValue"|"extensionValue"|undefined} value
                             * @memberof org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue
                             * @instance
                             */
                            Object.defineProperty(DataSetValue.prototype, "value", {
                                get: $util.oneOfGetter($oneOfFields = ["intValue", "longValue", "floatValue", "doubleValue", "booleanValue", "stringValue", "extensionValue"]),
                                set: $util.oneOfSetter($oneOfFields)
                            });

                            /**
                             * Creates a new DataSetValue instance using the specified properties.
                             * @function create
                             * @memberof org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue
                             * @static
                             * @param {org.eclipse.tahu.protobuf.Payload.DataSet.IDataSetValue=} [properties] Properties to set
                             * @returns {org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue} DataSetValue instance
                             */
                            DataSetValue.create = function create(properties) {
                                return new DataSetValue(properties);
                            };

                            /**
                             * Encodes the specified DataSetValue message. Does not implicitly {@link org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue.verify|verify} messages.
                             * @function encode
                             * @memberof org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue
                             * @static
                             * @param {org.eclipse.tahu.protobuf.Payload.DataSet.IDataSetValue} message DataSetValue message or plain object to encode
                             * @param {$protobuf.Writer} [writer] Writer to encode to
                             * @returns {$protobuf.Writer} Writer
                             */
                            DataSetValue.encode = function encode(message, writer, q) {
                                if (!writer)
                                    writer = $Writer.create();
                                if (q === undefined)
                                    q = 0;
                                if (q > $util.recursionLimit)
                                    throw Error("max depth exceeded");
                                if (message.intValue != null && Object.hasOwnProperty.call(message, "intValue"))
                                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.intValue);
                                if (message.longValue != null && Object.hasOwnProperty.call(message, "longValue"))
                                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.longValue);
                                if (message.floatValue != null && Object.hasOwnProperty.call(message, "floatValue"))
                                    writer.uint32(/* id 3, wireType 5 =*/29).float(message.floatValue);
                                if (message.doubleValue != null && Object.hasOwnProperty.call(message, "doubleValue"))
                                    writer.uint32(/* id 4, wireType 1 =*/33).double(message.doubleValue);
                                if (message.booleanValue != null && Object.hasOwnProperty.call(message, "booleanValue"))
                                    writer.uint32(/* id 5, wireType 0 =*/40).bool(message.booleanValue);
                                if (message.stringValue != null && Object.hasOwnProperty.call(message, "stringValue"))
                                    writer.uint32(/* id 6, wireType 2 =*/50).string(message.stringValue);
                                if (message.extensionValue != null && Object.hasOwnProperty.call(message, "extensionValue"))
                                    $root.org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue.DataSetValueExtension.encode(message.extensionValue, writer.uint32(/* id 7, wireType 2 =*/58).fork(), q + 1).ldelim();
                                return writer;
                            };

                            /**
                             * Decodes a DataSetValue message from the specified reader or buffer.
                             * @function decode
                             * @memberof org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue
                             * @static
                             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                             * @param {number} [length] Message length if known beforehand
                             * @returns {org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue} DataSetValue
                             * @throws {Error} If the payload is not a reader or valid buffer
                             * @throws {$protobuf.util.ProtocolError} If required fields are missing
                             */
                            DataSetValue.decode = function decode(reader, length, error, long) {
                                if (!(reader instanceof $Reader))
                                    reader = $Reader.create(reader);
                                if (long === undefined)
                                    long = 0;
                                if (long > $Reader.recursionLimit)
                                    throw Error("maximum nesting depth exceeded");
                                let end, message;
                                if (length === undefined)
                                    end = reader.len;
                                else {
                                    end = reader.pos + length;
                                    if (end > reader.len)
                                        throw RangeError("index out of range");
                                    length = reader.len;
                                    reader.len = end;
                                }
                                message = new $root.org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue();
                                while (reader.pos < end) {
                                    let tag = reader.uint32();
                                    if (tag === error)
                                        break;
                                    switch (tag >>> 3) {
                                    case 1: {
                                            message.intValue = reader.uint32();
                                            break;
                                        }
                                    case 2: {
                                            message.longValue = reader.uint64();
                                            break;
                                        }
                                    case 3: {
                                            message.floatValue = reader.float();
                                            break;
                                        }
                                    case 4: {
                                            message.doubleValue = reader.double();
                                            break;
                                        }
                                    case 5: {
                                            message.booleanValue = reader.bool();
                                            break;
                                        }
                                    case 6: {
                                            message.stringValue = reader.string();
                                            break;
                                        }
                                    case 7: {
                                            message.extensionValue = $root.org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue.DataSetValueExtension.decode(reader, reader.uint32(), undefined, long + 1);
                                            break;
                                        }
                                    default:
                                        reader.skipType(tag & 7, long);
                                        break;
                                    }
                                }
                                if (length !== undefined) {
                                    if (reader.pos !== end)
                                        throw RangeError("index out of range");
                                    reader.len = length;
                                }
                                return message;
                            };

                            DataSetValue.DataSetValueExtension = (function() {

                                /**
                                 * Properties of a DataSetValueExtension.
                                 * @memberof org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue
                                 * @interface IDataSetValueExtension
                                 */

                                /**
                                 * Constructs a new DataSetValueExtension.
                                 * @memberof org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue
                                 * @classdesc Represents a DataSetValueExtension.
                                 * @implements IDataSetValueExtension
                                 * @constructor
                                 * @param {org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue.IDataSetValueExtension=} [properties] Properties to set
                                 */
                                function DataSetValueExtension(properties) {
                                    if (properties)
                                        for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                                this[keys[i]] = properties[keys[i]];
                                }

                                /**
                                 * Creates a new DataSetValueExtension instance using the specified properties.
                                 * @function create
                                 * @memberof org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue.DataSetValueExtension
                                 * @static
                                 * @param {org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue.IDataSetValueExtension=} [properties] Properties to set
                                 * @returns {org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue.DataSetValueExtension} DataSetValueExtension instance
                                 */
                                DataSetValueExtension.create = function create(properties) {
                                    return new DataSetValueExtension(properties);
                                };

                                /**
                                 * Encodes the specified DataSetValueExtension message. Does not implicitly {@link org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue.DataSetValueExtension.verify|verify} messages.
                                 * @function encode
                                 * @memberof org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue.DataSetValueExtension
                                 * @static
                                 * @param {org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue.IDataSetValueExtension} message DataSetValueExtension message or plain object to encode
                                 * @param {$protobuf.Writer} [writer] Writer to encode to
                                 * @returns {$protobuf.Writer} Writer
                                 */
                                DataSetValueExtension.encode = function encode(message, writer, q) {
                                    if (!writer)
                                        writer = $Writer.create();
                                    if (q === undefined)
                                        q = 0;
                                    if (q > $util.recursionLimit)
                                        throw Error("max depth exceeded");
                                    return writer;
                                };

                                /**
                                 * Decodes a DataSetValueExtension message from the specified reader or buffer.
                                 * @function decode
                                 * @memberof org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue.DataSetValueExtension
                                 * @static
                                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                                 * @param {number} [length] Message length if known beforehand
                                 * @returns {org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue.DataSetValueExtension} DataSetValueExtension
                                 * @throws {Error} If the payload is not a reader or valid buffer
                                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                                 */
                                DataSetValueExtension.decode = function decode(reader, length, error, long) {
                                    if (!(reader instanceof $Reader))
                                        reader = $Reader.create(reader);
                                    if (long === undefined)
                                        long = 0;
                                    if (long > $Reader.recursionLimit)
                                        throw Error("maximum nesting depth exceeded");
                                    let end, message;
                                    if (length === undefined)
                                        end = reader.len;
                                    else {
                                        end = reader.pos + length;
                                        if (end > reader.len)
                                            throw RangeError("index out of range");
                                        length = reader.len;
                                        reader.len = end;
                                    }
                                    message = new $root.org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue.DataSetValueExtension();
                                    while (reader.pos < end) {
                                        let tag = reader.uint32();
                                        if (tag === error)
                                            break;
                                        switch (tag >>> 3) {
                                        default:
                                            reader.skipType(tag & 7, long);
                                            break;
                                        }
                                    }
                                    if (length !== undefined) {
                                        if (reader.pos !== end)
                                            throw RangeError("index out of range");
                                        reader.len = length;
                                    }
                                    return message;
                                };

                                return DataSetValueExtension;
                            })();

                            return DataSetValue;
                        })();

                        DataSet.Row = (function() {

                            /**
                             * Properties of a Row.
                             * @memberof org.eclipse.tahu.protobuf.Payload.DataSet
                             * @interface IRow
                             * @property {Array.<org.eclipse.tahu.protobuf.Payload.DataSet.IDataSetValue>|null} [elements] Row elements
                             */

                            /**
                             * Constructs a new Row.
                             * @memberof org.eclipse.tahu.protobuf.Payload.DataSet
                             * @classdesc Represents a Row.
                             * @implements IRow
                             * @constructor
                             * @param {org.eclipse.tahu.protobuf.Payload.DataSet.IRow=} [properties] Properties to set
                             */
                            function Row(properties) {
                                this.elements = [];
                                if (properties)
                                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                            this[keys[i]] = properties[keys[i]];
                            }

                            /**
                             * Row elements.
                             * @member {Array.<org.eclipse.tahu.protobuf.Payload.DataSet.IDataSetValue>} elements
                             * @memberof org.eclipse.tahu.protobuf.Payload.DataSet.Row
                             * @instance
                             */
                            Row.prototype.elements = $util.emptyArray;

                            /**
                             * Creates a new Row instance using the specified properties.
                             * @function create
                             * @memberof org.eclipse.tahu.protobuf.Payload.DataSet.Row
                             * @static
                             * @param {org.eclipse.tahu.protobuf.Payload.DataSet.IRow=} [properties] Properties to set
                             * @returns {org.eclipse.tahu.protobuf.Payload.DataSet.Row} Row instance
                             */
                            Row.create = function create(properties) {
                                return new Row(properties);
                            };

                            /**
                             * Encodes the specified Row message. Does not implicitly {@link org.eclipse.tahu.protobuf.Payload.DataSet.Row.verify|verify} messages.
                             * @function encode
                             * @memberof org.eclipse.tahu.protobuf.Payload.DataSet.Row
                             * @static
                             * @param {org.eclipse.tahu.protobuf.Payload.DataSet.IRow} message Row message or plain object to encode
                             * @param {$protobuf.Writer} [writer] Writer to encode to
                             * @returns {$protobuf.Writer} Writer
                             */
                            Row.encode = function encode(message, writer, q) {
                                if (!writer)
                                    writer = $Writer.create();
                                if (q === undefined)
                                    q = 0;
                                if (q > $util.recursionLimit)
                                    throw Error("max depth exceeded");
                                if (message.elements != null && message.elements.length)
                                    for (let i = 0; i < message.elements.length; ++i)
                                        $root.org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue.encode(message.elements[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
                                return writer;
                            };

                            /**
                             * Decodes a Row message from the specified reader or buffer.
                             * @function decode
                             * @memberof org.eclipse.tahu.protobuf.Payload.DataSet.Row
                             * @static
                             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                             * @param {number} [length] Message length if known beforehand
                             * @returns {org.eclipse.tahu.protobuf.Payload.DataSet.Row} Row
                             * @throws {Error} If the payload is not a reader or valid buffer
                             * @throws {$protobuf.util.ProtocolError} If required fields are missing
                             */
                            Row.decode = function decode(reader, length, error, long) {
                                if (!(reader instanceof $Reader))
                                    reader = $Reader.create(reader);
                                if (long === undefined)
                                    long = 0;
                                if (long > $Reader.recursionLimit)
                                    throw Error("maximum nesting depth exceeded");
                                let end, message;
                                if (length === undefined)
                                    end = reader.len;
                                else {
                                    end = reader.pos + length;
                                    if (end > reader.len)
                                        throw RangeError("index out of range");
                                    length = reader.len;
                                    reader.len = end;
                                }
                                message = new $root.org.eclipse.tahu.protobuf.Payload.DataSet.Row();
                                while (reader.pos < end) {
                                    let tag = reader.uint32();
                                    if (tag === error)
                                        break;
                                    switch (tag >>> 3) {
                                    case 1: {
                                            if (!(message.elements && message.elements.length))
                                                message.elements = [];
                                            message.elements.push($root.org.eclipse.tahu.protobuf.Payload.DataSet.DataSetValue.decode(reader, reader.uint32(), undefined, long + 1));
                                            break;
                                        }
                                    default:
                                        reader.skipType(tag & 7, long);
                                        break;
                                    }
                                }
                                if (length !== undefined) {
                                    if (reader.pos !== end)
                                        throw RangeError("index out of range");
                                    reader.len = length;
                                }
                                return message;
                            };

                            return Row;
                        })();

                        return DataSet;
                    })();

                    Payload.PropertyValue = (function() {

                        /**
                         * Properties of a PropertyValue.
                         * @memberof org.eclipse.tahu.protobuf.Payload
                         * @interface IPropertyValue
                         * @property {number|null} [type] PropertyValue type
                         * @property {boolean|null} [isNull] PropertyValue isNull
                         * @property {number|null} [intValue] PropertyValue intValue
                         * @property {number|Long|null} [longValue] PropertyValue longValue
                         * @property {number|null} [floatValue] PropertyValue floatValue
                         * @property {number|null} [doubleValue] PropertyValue doubleValue
                         * @property {boolean|null} [booleanValue] PropertyValue booleanValue
                         * @property {string|null} [stringValue] PropertyValue stringValue
                         * @property {org.eclipse.tahu.protobuf.Payload.IPropertySet|null} [propertysetValue] PropertyValue propertysetValue
                         * @property {org.eclipse.tahu.protobuf.Payload.IPropertySetList|null} [propertysetsValue] PropertyValue propertysetsValue
                         * @property {org.eclipse.tahu.protobuf.Payload.PropertyValue.IPropertyValueExtension|null} [extensionValue] PropertyValue extensionValue
                         */

                        /**
                         * Constructs a new PropertyValue.
                         * @memberof org.eclipse.tahu.protobuf.Payload
                         * @classdesc Represents a PropertyValue.
                         * @implements IPropertyValue
                         * @constructor
                         * @param {org.eclipse.tahu.protobuf.Payload.IPropertyValue=} [properties] Properties to set
                         */
                        function PropertyValue(properties) {
                            if (properties)
                                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                        this[keys[i]] = properties[keys[i]];
                        }

                        /**
                         * PropertyValue type.
                         * @member {number} type
                         * @memberof org.eclipse.tahu.protobuf.Payload.PropertyValue
                         * @instance
                         */
                        PropertyValue.prototype.type = 0;

                        /**
                         * PropertyValue isNull.
                         * @member {boolean} isNull
                         * @memberof org.eclipse.tahu.protobuf.Payload.PropertyValue
                         * @instance
                         */
                        PropertyValue.prototype.isNull = false;

                        /**
                         * PropertyValue intValue.
                         * @member {number|null|undefined} intValue
                         * @memberof org.eclipse.tahu.protobuf.Payload.PropertyValue
                         * @instance
                         */
                        PropertyValue.prototype.intValue = null;

                        /**
                         * PropertyValue longValue.
                         * @member {number|Long|null|undefined} longValue
                         * @memberof org.eclipse.tahu.protobuf.Payload.PropertyValue
                         * @instance
                         */
                        PropertyValue.prototype.longValue = null;

                        /**
                         * PropertyValue floatValue.
                         * @member {number|null|undefined} floatValue
                         * @memberof org.eclipse.tahu.protobuf.Payload.PropertyValue
                         * @instance
                         */
                        PropertyValue.prototype.floatValue = null;

                        /**
                         * PropertyValue doubleValue.
                         * @member {number|null|undefined} doubleValue
                         * @memberof org.eclipse.tahu.protobuf.Payload.PropertyValue
                         * @instance
                         */
                        PropertyValue.prototype.doubleValue = null;

                        /**
                         * PropertyValue booleanValue.
                         * @member {boolean|null|undefined} booleanValue
                         * @memberof org.eclipse.tahu.protobuf.Payload.PropertyValue
                         * @instance
                         */
                        PropertyValue.prototype.booleanValue = null;

                        /**
                         * PropertyValue stringValue.
                         * @member {string|null|undefined} stringValue
                         * @memberof org.eclipse.tahu.protobuf.Payload.PropertyValue
                         * @instance
                         */
                        PropertyValue.prototype.stringValue = null;

                        /**
                         * PropertyValue propertysetValue.
                         * @member {org.eclipse.tahu.protobuf.Payload.IPropertySet|null|undefined} propertysetValue
                         * @memberof org.eclipse.tahu.protobuf.Payload.PropertyValue
                         * @instance
                         */
                        PropertyValue.prototype.propertysetValue = null;

                        /**
                         * PropertyValue propertysetsValue.
                         * @member {org.eclipse.tahu.protobuf.Payload.IPropertySetList|null|undefined} propertysetsValue
                         * @memberof org.eclipse.tahu.protobuf.Payload.PropertyValue
                         * @instance
                         */
                        PropertyValue.prototype.propertysetsValue = null;

                        /**
                         * PropertyValue extensionValue.
                         * @member {org.eclipse.tahu.protobuf.Payload.PropertyValue.IPropertyValueExtension|null|undefined} extensionValue
                         * @memberof org.eclipse.tahu.protobuf.Payload.PropertyValue
                         * @instance
                         */
                        PropertyValue.prototype.extensionValue = null;

                        // OneOf field names bound to virtual getters and setters
                        let $oneOfFields;

                        /**
                         * PropertyValue value.
                         * @member {"intValue"|"longValue"|"floatValue"|"doubleValue"|"booleanValue"|"stringValue"|"propertysetValue"|"propertysetsValue"|"extensionValue"|undefined} value
                         * @memberof org.eclipse.tahu.protobuf.Payload.PropertyValue
                         * @instance
                         */
                        Object.defineProperty(PropertyValue.prototype, "value", {
                            get: $util.oneOfGetter($oneOfFields = ["intValue", "longValue", "floatValue", "doubleValue", "booleanValue", "stringValue", "propertysetValue", "propertysetsValue", "extensionValue"]),
                            set: $util.oneOfSetter($oneOfFields)
                        });

                        /**
                         * Creates a new PropertyValue instance using the specified properties.
                         * @function create
                         * @memberof org.eclipse.tahu.protobuf.Payload.PropertyValue
                         * @static
                         * @param {org.eclipse.tahu.protobuf.Payload.IPropertyValue=} [properties] Properties to set
                         * @returns {org.eclipse.tahu.protobuf.Payload.PropertyValue} PropertyValue instance
                         */
                        PropertyValue.create = function create(properties) {
                            return new PropertyValue(properties);
                        };

                        /**
                         * Encodes the specified PropertyValue message. Does not implicitly {@link org.eclipse.tahu.protobuf.Payload.PropertyValue.verify|verify} messages.
                         * @function encode
                         * @memberof org.eclipse.tahu.protobuf.Payload.PropertyValue
                         * @static
                         * @param {org.eclipse.tahu.protobuf.Payload.IPropertyValue} message PropertyValue message or plain object to encode
                         * @param {$protobuf.Writer} [writer] Writer to encode to
                         * @returns {$protobuf.Writer} Writer
                         */
                        PropertyValue.encode = function encode(message, writer, q) {
                            if (!writer)
                                writer = $Writer.create();
                            if (q === undefined)
                                q = 0;
                            if (q > $util.recursionLimit)
                                throw Error("max depth exceeded");
                            if (message.type != null && Object.hasOwnProperty.call(message, "type"))
                                writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.type);
                            if (message.isNull != null && Object.hasOwnProperty.call(message, "isNull"))
                                writer.uint32(/* id 2, wireType 0 =*/16).bool(message.isNull);
                            if (message.intValue != null && Object.hasOwnProperty.call(message, "intValue"))
                                writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.intValue);
                            if (message.longValue != null && Object.hasOwnProperty.call(message, "longValue"))
                                writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.longValue);
                            if (message.floatValue != null && Object.hasOwnProperty.call(message, "floatValue"))
                                writer.uint32(/* id 5, wireType 5 =*/45).float(message.floatValue);
                            if (message.doubleValue != null && Object.hasOwnProperty.call(message, "doubleValue"))
                                writer.uint32(/* id 6, wireType 1 =*/49).double(message.doubleValue);
                            if (message.booleanValue != null && Object.hasOwnProperty.call(message, "booleanValue"))
                                writer.uint32(/* id 7, wireType 0 =*/56).bool(message.booleanValue);
                            if (message.stringValue != null && Object.hasOwnProperty.call(message, "stringValue"))
                                writer.uint32(/* id 8, wireType 2 =*/66).string(message.stringValue);
                            if (message.propertysetValue != null && Object.hasOwnProperty.call(message, "propertysetValue"))
                                $root.org.eclipse.tahu.protobuf.Payload.PropertySet.encode(message.propertysetValue, writer.uint32(/* id 9, wireType 2 =*/74).fork(), q + 1).ldelim();
                            if (message.propertysetsValue != null && Object.hasOwnProperty.call(message, "propertysetsValue"))
                                $root.org.eclipse.tahu.protobuf.Payload.PropertySetList.encode(message.propertysetsValue, writer.uint32(/* id 10, wireType 2 =*/82).fork(), q + 1).ldelim();
                            if (message.extensionValue != null && Object.hasOwnProperty.call(message, "extensionValue"))
                                $root.org.eclipse.tahu.protobuf.Payload.PropertyValue.PropertyValueExtension.encode(message.extensionValue, writer.uint32(/* id 11, wireType 2 =*/90).fork(), q + 1).ldelim();
                            return writer;
                        };

                        /**
                         * Decodes a PropertyValue message from the specified reader or buffer.
                         * @function decode
                         * @memberof org.eclipse.tahu.protobuf.Payload.PropertyValue
                         * @static
                         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                         * @param {number} [length] Message length if known beforehand
                         * @returns {org.eclipse.tahu.protobuf.Payload.PropertyValue} PropertyValue
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        PropertyValue.decode = function decode(reader, length, error, long) {
                            if (!(reader instanceof $Reader))
                                reader = $Reader.create(reader);
                            if (long === undefined)
                                long = 0;
                            if (long > $Reader.recursionLimit)
                                throw Error("maximum nesting depth exceeded");
                            let end, message;
                            if (length === undefined)
                                end = reader.len;
                            else {
                                end = reader.pos + length;
                                if (end > reader.len)
                                    throw RangeError("index out of range");
                                length = reader.len;
                                reader.len = end;
                            }
                            message = new $root.org.eclipse.tahu.protobuf.Payload.PropertyValue();
                            while (reader.pos < end) {
                                let tag = reader.uint32();
                                if (tag === error)
                                    break;
                                switch (tag >>> 3) {
                                case 1: {
                                        message.type = reader.uint32();
                                        break;
                                    }
                                case 2: {
                                        message.isNull = reader.bool();
                                        break;
                                    }
                                case 3: {
                                        message.intValue = reader.uint32();
                                        break;
                                    }
                                case 4: {
                                        message.longValue = reader.uint64();
                                        break;
                                    }
                                case 5: {
                                        message.floatValue = reader.float();
                                        break;
                                    }
                                case 6: {
                                        message.doubleValue = reader.double();
                                        break;
                                    }
                                case 7: {
                                        message.booleanValue = reader.bool();
                                        break;
                                    }
                                case 8: {
                                        message.stringValue = reader.string();
                                        break;
                                    }
                                case 9: {
                                        message.propertysetValue = $root.org.eclipse.tahu.protobuf.Payload.PropertySet.decode(reader, reader.uint32(), undefined, long + 1);
                                        break;
                                    }
                                case 10: {
                                        message.propertysetsValue = $root.org.eclipse.tahu.protobuf.Payload.PropertySetList.decode(reader, reader.uint32(), undefined, long + 1);
                                        break;
                                    }
                                case 11: {
                                        message.extensionValue = $root.org.eclipse.tahu.protobuf.Payload.PropertyValue.PropertyValueExtension.decode(reader, reader.uint32(), undefined, long + 1);
                                        break;
                                    }
                                default:
                                    reader.skipType(tag & 7, long);
                                    break;
                                }
                            }
                            if (length !== undefined) {
                                if (reader.pos !== end)
                                    throw RangeError("index out of range");
                                reader.len = length;
                            }
                            return message;
                        };

                        PropertyValue.PropertyValueExtension = (function() {

                            /**
                             * Properties of a PropertyValueExtension.
                             * @memberof org.eclipse.tahu.protobuf.Payload.PropertyValue
                             * @interface IPropertyValueExtension
                             */

                            /**
                             * Constructs a new PropertyValueExtension.
                             * @memberof org.eclipse.tahu.protobuf.Payload.PropertyValue
                             * @classdesc Represents a PropertyValueExtension.
                             * @implements IPropertyValueExtension
                             * @constructor
                             * @param {org.eclipse.tahu.protobuf.Payload.PropertyValue.IPropertyValueExtension=} [properties] Properties to set
                             */
                            function PropertyValueExtension(properties) {
                                if (properties)
                                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                            this[keys[i]] = properties[keys[i]];
                            }

                            /**
                             * Creates a new PropertyValueExtension instance using the specified properties.
                             * @function create
                             * @memberof org.eclipse.tahu.protobuf.Payload.PropertyValue.PropertyValueExtension
                             * @static
                             * @param {org.eclipse.tahu.protobuf.Payload.PropertyValue.IPropertyValueExtension=} [properties] Properties to set
                             * @returns {org.eclipse.tahu.protobuf.Payload.PropertyValue.PropertyValueExtension} PropertyValueExtension instance
                             */
                            PropertyValueExtension.create = function create(properties) {
                                return new PropertyValueExtension(properties);
                            };

                            /**
                             * Encodes the specified PropertyValueExtension message. Does not implicitly {@link org.eclipse.tahu.protobuf.Payload.PropertyValue.PropertyValueExtension.verify|verify} messages.
                             * @function encode
                             * @memberof org.eclipse.tahu.protobuf.Payload.PropertyValue.PropertyValueExtension
                             * @static
                             * @param {org.eclipse.tahu.protobuf.Payload.PropertyValue.IPropertyValueExtension} message PropertyValueExtension message or plain object to encode
                             * @param {$protobuf.Writer} [writer] Writer to encode to
                             * @returns {$protobuf.Writer} Writer
                             */
                            PropertyValueExtension.encode = function encode(message, writer, q) {
                                if (!writer)
                                    writer = $Writer.create();
                                if (q === undefined)
                                    q = 0;
                                if (q > $util.recursionLimit)
                                    throw Error("max depth exceeded");
                                return writer;
                            };

                            /**
                             * Decodes a PropertyValueExtension message from the specified reader or buffer.
                             * @function decode
                             * @memberof org.eclipse.tahu.protobuf.Payload.PropertyValue.PropertyValueExtension
                             * @static
                             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                             * @param {number} [length] Message length if known beforehand
                             * @returns {org.eclipse.tahu.protobuf.Payload.PropertyValue.PropertyValueExtension} PropertyValueExtension
                             * @throws {Error} If the payload is not a reader or valid buffer
                             * @throws {$protobuf.util.ProtocolError} If required fields are missing
                             */
                            PropertyValueExtension.decode = function decode(reader, length, error, long) {
                                if (!(reader instanceof $Reader))
                                    reader = $Reader.create(reader);
                                if (long === undefined)
                                    long = 0;
                                if (long > $Reader.recursionLimit)
                                    throw Error("maximum nesting depth exceeded");
                                let end, message;
                                if (length === undefined)
                                    end = reader.len;
                                else {
                                    end = reader.pos + length;
                                    if (end > reader.len)
                                        throw RangeError("index out of range");
                                    length = reader.len;
                                    reader.len = end;
                                }
                                message = new $root.org.eclipse.tahu.protobuf.Payload.PropertyValue.PropertyValueExtension();
                                while (reader.pos < end) {
                                    let tag = reader.uint32();
                                    if (tag === error)
                                        break;
                                    switch (tag >>> 3) {
                                    default:
                                        reader.skipType(tag & 7, long);
                                        break;
                                    }
                                }
                                if (length !== undefined) {
                                    if (reader.pos !== end)
                                        throw RangeError("index out of range");
                                    reader.len = length;
                                }
                                return message;
                            };

                            return PropertyValueExtension;
                        })();

                        return PropertyValue;
                    })();

                    Payload.PropertySet = (function() {

                        /**
                         * Properties of a PropertySet.
                         * @memberof org.eclipse.tahu.protobuf.Payload
                         * @interface IPropertySet
                         * @property {Array.<string>|null} [keys] PropertySet keys
                         * @property {Array.<org.eclipse.tahu.protobuf.Payload.IPropertyValue>|null} [values] PropertySet values
                         */

                        /**
                         * Constructs a new PropertySet.
                         * @memberof org.eclipse.tahu.protobuf.Payload
                         * @classdesc Represents a PropertySet.
                         * @implements IPropertySet
                         * @constructor
                         * @param {org.eclipse.tahu.protobuf.Payload.IPropertySet=} [properties] Properties to set
                         */
                        function PropertySet(properties) {
                            this.keys = [];
                            this.values = [];
                            if (properties)
                                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                        this[keys[i]] = properties[keys[i]];
                        }

                        /**
                         * PropertySet keys.
                         * @member {Array.<string>} keys
                         * @memberof org.eclipse.tahu.protobuf.Payload.PropertySet
                         * @instance
                         */
                        PropertySet.prototype.keys = $util.emptyArray;

                        /**
                         * PropertySet values.
                         * @member {Array.<org.eclipse.tahu.protobuf.Payload.IPropertyValue>} values
                         * @memberof org.eclipse.tahu.protobuf.Payload.PropertySet
                         * @instance
                         */
                        PropertySet.prototype.values = $util.emptyArray;

                        /**
                         * Creates a new PropertySet instance using the specified properties.
                         * @function create
                         * @memberof org.eclipse.tahu.protobuf.Payload.PropertySet
                         * @static
                         * @param {org.eclipse.tahu.protobuf.Payload.IPropertySet=} [properties] Properties to set
                         * @returns {org.eclipse.tahu.protobuf.Payload.PropertySet} PropertySet instance
                         */
                        PropertySet.create = function create(properties) {
                            return new PropertySet(properties);
                        };

                        /**
                         * Encodes the specified PropertySet message. Does not implicitly {@link org.eclipse.tahu.protobuf.Payload.PropertySet.verify|verify} messages.
                         * @function encode
                         * @memberof org.eclipse.tahu.protobuf.Payload.PropertySet
                         * @static
                         * @param {org.eclipse.tahu.protobuf.Payload.IPropertySet} message PropertySet message or plain object to encode
                         * @param {$protobuf.Writer} [writer] Writer to encode to
                         * @returns {$protobuf.Writer} Writer
                         */
                        PropertySet.encode = function encode(message, writer, q) {
                            if (!writer)
                                writer = $Writer.create();
                            if (q === undefined)
                                q = 0;
                            if (q > $util.recursionLimit)
                                throw Error("max depth exceeded");
                            if (message.keys != null && message.keys.length)
                                for (let i = 0; i < message.keys.length; ++i)
                                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.keys[i]);
                            if (message.values != null && message.values.length)
                                for (let i = 0; i < message.values.length; ++i)
                                    $root.org.eclipse.tahu.protobuf.Payload.PropertyValue.encode(message.values[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
                            return writer;
                        };

                        /**
                         * Decodes a PropertySet message from the specified reader or buffer.
                         * @function decode
                         * @memberof org.eclipse.tahu.protobuf.Payload.PropertySet
                         * @static
                         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                         * @param {number} [length] Message length if known beforehand
                         * @returns {org.eclipse.tahu.protobuf.Payload.PropertySet} PropertySet
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        PropertySet.decode = function decode(reader, length, error, long) {
                            if (!(reader instanceof $Reader))
                                reader = $Reader.create(reader);
                            if (long === undefined)
                                long = 0;
                            if (long > $Reader.recursionLimit)
                                throw Error("maximum nesting depth exceeded");
                            let end, message;
                            if (length === undefined)
                                end = reader.len;
                            else {
                                end = reader.pos + length;
                                if (end > reader.len)
                                    throw RangeError("index out of range");
                                length = reader.len;
                                reader.len = end;
                            }
                            message = new $root.org.eclipse.tahu.protobuf.Payload.PropertySet();
                            while (reader.pos < end) {
                                let tag = reader.uint32();
                                if (tag === error)
                                    break;
                                switch (tag >>> 3) {
                                case 1: {
                                        if (!(message.keys && message.keys.length))
                                            message.keys = [];
                                        message.keys.push(reader.string());
                                        break;
                                    }
                                case 2: {
                                        if (!(message.values && message.values.length))
                                            message.values = [];
                                        message.values.push($root.org.eclipse.tahu.protobuf.Payload.PropertyValue.decode(reader, reader.uint32(), undefined, long + 1));
                                        break;
                                    }
                                default:
                                    reader.skipType(tag & 7, long);
                                    break;
                                }
                            }
                            if (length !== undefined) {
                                if (reader.pos !== end)
                                    throw RangeError("index out of range");
                                reader.len = length;
                            }
                            return message;
                        };

                        return PropertySet;
                    })();

                    Payload.PropertySetList = (function() {

                        /**
                         * Properties of a PropertySetList.
                         * @memberof org.eclipse.tahu.protobuf.Payload
                         * @interface IPropertySetList
                         * @property {Array.<org.eclipse.tahu.protobuf.Payload.IPropertySet>|null} [propertyset] PropertySetList propertyset
                         */

                        /**
                         * Constructs a new PropertySetList.
                         * @memberof org.eclipse.tahu.protobuf.Payload
                         * @classdesc Represents a PropertySetList.
                         * @implements IPropertySetList
                         * @constructor
                         * @param {org.eclipse.tahu.protobuf.Payload.IPropertySetList=} [properties] Properties to set
                         */
                        function PropertySetList(properties) {
                            this.propertyset = [];
                            if (properties)
                                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                        this[keys[i]] = properties[keys[i]];
                        }

                        /**
                         * PropertySetList propertyset.
                         * @member {Array.<org.eclipse.tahu.protobuf.Payload.IPropertySet>} propertyset
                         * @memberof org.eclipse.tahu.protobuf.Payload.PropertySetList
                         * @instance
                         */
                        PropertySetList.prototype.propertyset = $util.emptyArray;

                        /**
                         * Creates a new PropertySetList instance using the specified properties.
                         * @function create
                         * @memberof org.eclipse.tahu.protobuf.Payload.PropertySetList
                         * @static
                         * @param {org.eclipse.tahu.protobuf.Payload.IPropertySetList=} [properties] Properties to set
                         * @returns {org.eclipse.tahu.protobuf.Payload.PropertySetList} PropertySetList instance
                         */
                        PropertySetList.create = function create(properties) {
                            return new PropertySetList(properties);
                        };

                        /**
                         * Encodes the specified PropertySetList message. Does not implicitly {@link org.eclipse.tahu.protobuf.Payload.PropertySetList.verify|verify} messages.
                         * @function encode
                         * @memberof org.eclipse.tahu.protobuf.Payload.PropertySetList
                         * @static
                         * @param {org.eclipse.tahu.protobuf.Payload.IPropertySetList} message PropertySetList message or plain object to encode
                         * @param {$protobuf.Writer} [writer] Writer to encode to
                         * @returns {$protobuf.Writer} Writer
                         */
                        PropertySetList.encode = function encode(message, writer, q) {
                            if (!writer)
                                writer = $Writer.create();
                            if (q === undefined)
                                q = 0;
                            if (q > $util.recursionLimit)
                                throw Error("max depth exceeded");
                            if (message.propertyset != null && message.propertyset.length)
                                for (let i = 0; i < message.propertyset.length; ++i)
                                    $root.org.eclipse.tahu.protobuf.Payload.PropertySet.encode(message.propertyset[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
                            return writer;
                        };

                        /**
                         * Decodes a PropertySetList message from the specified reader or buffer.
                         * @function decode
                         * @memberof org.eclipse.tahu.protobuf.Payload.PropertySetList
                         * @static
                         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                         * @param {number} [length] Message length if known beforehand
                         * @returns {org.eclipse.tahu.protobuf.Payload.PropertySetList} PropertySetList
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        PropertySetList.decode = function decode(reader, length, error, long) {
                            if (!(reader instanceof $Reader))
                                reader = $Reader.create(reader);
                            if (long === undefined)
                                long = 0;
                            if (long > $Reader.recursionLimit)
                                throw Error("maximum nesting depth exceeded");
                            let end, message;
                            if (length === undefined)
                                end = reader.len;
                            else {
                                end = reader.pos + length;
                                if (end > reader.len)
                                    throw RangeError("index out of range");
                                length = reader.len;
                                reader.len = end;
                            }
                            message = new $root.org.eclipse.tahu.protobuf.Payload.PropertySetList();
                            while (reader.pos < end) {
                                let tag = reader.uint32();
                                if (tag === error)
                                    break;
                                switch (tag >>> 3) {
                                case 1: {
                                        if (!(message.propertyset && message.propertyset.length))
                                            message.propertyset = [];
                                        message.propertyset.push($root.org.eclipse.tahu.protobuf.Payload.PropertySet.decode(reader, reader.uint32(), undefined, long + 1));
                                        break;
                                    }
                                default:
                                    reader.skipType(tag & 7, long);
                                    break;
                                }
                            }
                            if (length !== undefined) {
                                if (reader.pos !== end)
                                    throw RangeError("index out of range");
                                reader.len = length;
                            }
                            return message;
                        };

                        return PropertySetList;
                    })();

                    Payload.MetaData = (function() {

                        /**
                         * Properties of a MetaData.
                         * @memberof org.eclipse.tahu.protobuf.Payload
                         * @interface IMetaData
                         * @property {boolean|null} [isMultiPart] MetaData isMultiPart
                         * @property {string|null} [contentType] MetaData contentType
                         * @property {number|Long|null} [size] MetaData size
                         * @property {number|Long|null} [seq] MetaData seq
                         * @property {string|null} [fileName] MetaData fileName
                         * @property {string|null} [fileType] MetaData fileType
                         * @property {string|null} [md5] MetaData md5
                         * @property {string|null} [description] MetaData description
                         */

                        /**
                         * Constructs a new MetaData.
                         * @memberof org.eclipse.tahu.protobuf.Payload
                         * @classdesc Represents a MetaData.
                         * @implements IMetaData
                         * @constructor
                         * @param {org.eclipse.tahu.protobuf.Payload.IMetaData=} [properties] Properties to set
                         */
                        function MetaData(properties) {
                            if (properties)
                                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                        this[keys[i]] = properties[keys[i]];
                        }

                        /**
                         * MetaData isMultiPart.
                         * @member {boolean} isMultiPart
                         * @memberof org.eclipse.tahu.protobuf.Payload.MetaData
                         * @instance
                         */
                        MetaData.prototype.isMultiPart = false;

                        /**
                         * MetaData contentType.
                         * @member {string} contentType
                         * @memberof org.eclipse.tahu.protobuf.Payload.MetaData
                         * @instance
                         */
                        MetaData.prototype.contentType = "";

                        /**
                         * MetaData size.
                         * @member {number|Long} size
                         * @memberof org.eclipse.tahu.protobuf.Payload.MetaData
                         * @instance
                         */
                        MetaData.prototype.size = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

                        /**
                         * MetaData seq.
                         * @member {number|Long} seq
                         * @memberof org.eclipse.tahu.protobuf.Payload.MetaData
                         * @instance
                         */
                        MetaData.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

                        /**
                         * MetaData fileName.
                         * @member {string} fileName
                         * @memberof org.eclipse.tahu.protobuf.Payload.MetaData
                         * @instance
                         */
                        MetaData.prototype.fileName = "";

                        /**
                         * MetaData fileType.
                         * @member {string} fileType
                         * @memberof org.eclipse.tahu.protobuf.Payload.MetaData
                         * @instance
                         */
                        MetaData.prototype.fileType = "";

                        /**
                         * MetaData md5.
                         * @member {string} md5
                         * @memberof org.eclipse.tahu.protobuf.Payload.MetaData
                         * @instance
                         */
                        MetaData.prototype.md5 = "";

                        /**
                         * MetaData description.
                         * @member {string} description
                         * @memberof org.eclipse.tahu.protobuf.Payload.MetaData
                         * @instance
                         */
                        MetaData.prototype.description = "";

                        /**
                         * Creates a new MetaData instance using the specified properties.
                         * @function create
                         * @memberof org.eclipse.tahu.protobuf.Payload.MetaData
                         * @static
                         * @param {org.eclipse.tahu.protobuf.Payload.IMetaData=} [properties] Properties to set
                         * @returns {org.eclipse.tahu.protobuf.Payload.MetaData} MetaData instance
                         */
                        MetaData.create = function create(properties) {
                            return new MetaData(properties);
                        };

                        /**
                         * Encodes the specified MetaData message. Does not implicitly {@link org.eclipse.tahu.protobuf.Payload.MetaData.verify|verify} messages.
                         * @function encode
                         * @memberof org.eclipse.tahu.protobuf.Payload.MetaData
                         * @static
                         * @param {org.eclipse.tahu.protobuf.Payload.IMetaData} message MetaData message or plain object to encode
                         * @param {$protobuf.Writer} [writer] Writer to encode to
                         * @returns {$protobuf.Writer} Writer
                         */
                        MetaData.encode = function encode(message, writer, q) {
                            if (!writer)
                                writer = $Writer.create();
                            if (q === undefined)
                                q = 0;
                            if (q > $util.recursionLimit)
                                throw Error("max depth exceeded");
                            if (message.isMultiPart != null && Object.hasOwnProperty.call(message, "isMultiPart"))
                                writer.uint32(/* id 1, wireType 0 =*/8).bool(message.isMultiPart);
                            if (message.contentType != null && Object.hasOwnProperty.call(message, "contentType"))
                                writer.uint32(/* id 2, wireType 2 =*/18).string(message.contentType);
                            if (message.size != null && Object.hasOwnProperty.call(message, "size"))
                                writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.size);
                            if (message.seq != null && Object.hasOwnProperty.call(message, "seq"))
                                writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.seq);
                            if (message.fileName != null && Object.hasOwnProperty.call(message, "fileName"))
                                writer.uint32(/* id 5, wireType 2 =*/42).string(message.fileName);
                            if (message.fileType != null && Object.hasOwnProperty.call(message, "fileType"))
                                writer.uint32(/* id 6, wireType 2 =*/50).string(message.fileType);
                            if (message.md5 != null && Object.hasOwnProperty.call(message, "md5"))
                                writer.uint32(/* id 7, wireType 2 =*/58).string(message.md5);
                            if (message.description != null && Object.hasOwnProperty.call(message, "description"))
                                writer.uint32(/* id 8, wireType 2 =*/66).string(message.description);
                            return writer;
                        };

                        /**
                         * Decodes a MetaData message from the specified reader or buffer.
                         * @function decode
                         * @memberof org.eclipse.tahu.protobuf.Payload.MetaData
                         * @static
                         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                         * @param {number} [length] Message length if known beforehand
                         * @returns {org.eclipse.tahu.protobuf.Payload.MetaData} MetaData
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        MetaData.decode = function decode(reader, length, error, long) {
                            if (!(reader instanceof $Reader))
                                reader = $Reader.create(reader);
                            if (long === undefined)
                                long = 0;
                            if (long > $Reader.recursionLimit)
                                throw Error("maximum nesting depth exceeded");
                            let end, message;
                            if (length === undefined)
                                end = reader.len;
                            else {
                                end = reader.pos + length;
                                if (end > reader.len)
                                    throw RangeError("index out of range");
                                length = reader.len;
                                reader.len = end;
                            }
                            message = new $root.org.eclipse.tahu.protobuf.Payload.MetaData();
                            while (reader.pos < end) {
                                let tag = reader.uint32();
                                if (tag === error)
                                    break;
                                switch (tag >>> 3) {
                                case 1: {
                                        message.isMultiPart = reader.bool();
                                        break;
                                    }
                                case 2: {
                                        message.contentType = reader.string();
                                        break;
                                    }
                                case 3: {
                                        message.size = reader.uint64();
                                        break;
                                    }
                                case 4: {
                                        message.seq = reader.uint64();
                                        break;
                                    }
                                case 5: {
                                        message.fileName = reader.string();
                                        break;
                                    }
                                case 6: {
                                        message.fileType = reader.string();
                                        break;
                                    }
                                case 7: {
                                        message.md5 = reader.string();
                                        break;
                                    }
                                case 8: {
                                        message.description = reader.string();
                                        break;
                                    }
                                default:
                                    reader.skipType(tag & 7, long);
                                    break;
                                }
                            }
                            if (length !== undefined) {
                                if (reader.pos !== end)
                                    throw RangeError("index out of range");
                                reader.len = length;
                            }
                            return message;
                        };

                        return MetaData;
                    })();

                    Payload.Metric = (function() {

                        /**
                         * Properties of a Metric.
                         * @memberof org.eclipse.tahu.protobuf.Payload
                         * @interface IMetric
                         * @property {string|null} [name] Metric name
                         * @property {number|Long|null} [alias] Metric alias
                         * @property {number|Long|null} [timestamp] Metric timestamp
                         * @property {number|null} [datatype] Metric datatype
                         * @property {boolean|null} [isHistorical] Metric isHistorical
                         * @property {boolean|null} [isTransient] Metric isTransient
                         * @property {boolean|null} [isNull] Metric isNull
                         * @property {org.eclipse.tahu.protobuf.Payload.IMetaData|null} [metadata] Metric metadata
                         * @property {org.eclipse.tahu.protobuf.Payload.IPropertySet|null} [properties] Metric properties
                         * @property {number|null} [intValue] Metric intValue
                         * @property {number|Long|null} [longValue] Metric longValue
                         * @property {number|null} [floatValue] Metric floatValue
                         * @property {number|null} [doubleValue] Metric doubleValue
                         * @property {boolean|null} [booleanValue] Metric booleanValue
                         * @property {string|null} [stringValue] Metric stringValue
                         * @property {Uint8Array|null} [bytesValue] Metric bytesValue
                         * @property {org.eclipse.tahu.protobuf.Payload.IDataSet|null} [datasetValue] Metric datasetValue
                         * @property {org.eclipse.tahu.protobuf.Payload.ITemplate|null} [templateValue] Metric templateValue
                         * @property {org.eclipse.tahu.protobuf.Payload.Metric.IMetricValueExtension|null} [extensionValue] Metric extensionValue
                         */

                        /**
                         * Constructs a new Metric.
                         * @memberof org.eclipse.tahu.protobuf.Payload
                         * @classdesc Represents a Metric.
                         * @implements IMetric
                         * @constructor
                         * @param {org.eclipse.tahu.protobuf.Payload.IMetric=} [properties] Properties to set
                         */
                        function Metric(properties) {
                            if (properties)
                                for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                        this[keys[i]] = properties[keys[i]];
                        }

                        /**
                         * Metric name.
                         * @member {string} name
                         * @memberof org.eclipse.tahu.protobuf.Payload.Metric
                         * @instance
                         */
                        Metric.prototype.name = "";

                        /**
                         * Metric alias.
                         * @member {number|Long} alias
                         * @memberof org.eclipse.tahu.protobuf.Payload.Metric
                         * @instance
                         */
                        Metric.prototype.alias = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

                        /**
                         * Metric timestamp.
                         * @member {number|Long} timestamp
                         * @memberof org.eclipse.tahu.protobuf.Payload.Metric
                         * @instance
                         */
                        Metric.prototype.timestamp = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

                        /**
                         * Metric datatype.
                         * @member {number} datatype
                         * @memberof org.eclipse.tahu.protobuf.Payload.Metric
                         * @instance
                         */
                        Metric.prototype.datatype = 0;

                        /**
                         * Metric isHistorical.
                         * @member {boolean} isHistorical
                         * @memberof org.eclipse.tahu.protobuf.Payload.Metric
                         * @instance
                         */
                        Metric.prototype.isHistorical = false;

                        /**
                         * Metric isTransient.
                         * @member {boolean} isTransient
                         * @memberof org.eclipse.tahu.protobuf.Payload.Metric
                         * @instance
                         */
                        Metric.prototype.isTransient = false;

                        /**
                         * Metric isNull.
                         * @member {boolean} isNull
                         * @memberof org.eclipse.tahu.protobuf.Payload.Metric
                         * @instance
                         */
                        Metric.prototype.isNull = false;

                        /**
                         * Metric metadata.
                         * @member {org.eclipse.tahu.protobuf.Payload.IMetaData|null|undefined} metadata
                         * @memberof org.eclipse.tahu.protobuf.Payload.Metric
                         * @instance
                         */
                        Metric.prototype.metadata = null;

                        /**
                         * Metric properties.
                         * @member {org.eclipse.tahu.protobuf.Payload.IPropertySet|null|undefined} properties
                         * @memberof org.eclipse.tahu.protobuf.Payload.Metric
                         * @instance
                         */
                        Metric.prototype.properties = null;

                        /**
                         * Metric intValue.
                         * @member {number|null|undefined} intValue
                         * @memberof org.eclipse.tahu.protobuf.Payload.Metric
                         * @instance
                         */
                        Metric.prototype.intValue = null;

                        /**
                         * Metric longValue.
                         * @member {number|Long|null|undefined} longValue
                         * @memberof org.eclipse.tahu.protobuf.Payload.Metric
                         * @instance
                         */
                        Metric.prototype.longValue = null;

                        /**
                         * Metric floatValue.
                         * @member {number|null|undefined} floatValue
                         * @memberof org.eclipse.tahu.protobuf.Payload.Metric
                         * @instance
                         */
                        Metric.prototype.floatValue = null;

                        /**
                         * Metric doubleValue.
                         * @member {number|null|undefined} doubleValue
                         * @memberof org.eclipse.tahu.protobuf.Payload.Metric
                         * @instance
                         */
                        Metric.prototype.doubleValue = null;

                        /**
                         * Metric booleanValue.
                         * @member {boolean|null|undefined} booleanValue
                         * @memberof org.eclipse.tahu.protobuf.Payload.Metric
                         * @instance
                         */
                        Metric.prototype.booleanValue = null;

                        /**
                         * Metric stringValue.
                         * @member {string|null|undefined} stringValue
                         * @memberof org.eclipse.tahu.protobuf.Payload.Metric
                         * @instance
                         */
                        Metric.prototype.stringValue = null;

                        /**
                         * Metric bytesValue.
                         * @member {Uint8Array|null|undefined} bytesValue
                         * @memberof org.eclipse.tahu.protobuf.Payload.Metric
                         * @instance
                         */
                        Metric.prototype.bytesValue = null;

                        /**
                         * Metric datasetValue.
                         * @member {org.eclipse.tahu.protobuf.Payload.IDataSet|null|undefined} datasetValue
                         * @memberof org.eclipse.tahu.protobuf.Payload.Metric
                         * @instance
                         */
                        Metric.prototype.datasetValue = null;

                        /**
                         * Metric templateValue.
                         * @member {org.eclipse.tahu.protobuf.Payload.ITemplate|null|undefined} templateValue
                         * @memberof org.eclipse.tahu.protobuf.Payload.Metric
                         * @instance
                         */
                        Metric.prototype.templateValue = null;

                        /**
                         * Metric extensionValue.
                         * @member {org.eclipse.tahu.protobuf.Payload.Metric.IMetricValueExtension|null|undefined} extensionValue
                         * @memberof org.eclipse.tahu.protobuf.Payload.Metric
                         * @instance
                         */
                        Metric.prototype.extensionValue = null;

                        // OneOf field names bound to virtual getters and setters
                        let $oneOfFields;

                        /**
                         * Metric value.
                         * @member {"intValue"|"longValue"|"floatValue"|"doubleValue"|"booleanValue"|"stringValue"|"bytesValue"|"datasetValue"|"templateValue"|"extensionValue"|undefined} value
                         * @memberof org.eclipse.tahu.protobuf.Payload.Metric
                         * @instance
                         */
                        Object.defineProperty(Metric.prototype, "value", {
                            get: $util.oneOfGetter($oneOfFields = ["intValue", "longValue", "floatValue", "doubleValue", "booleanValue", "stringValue", "bytesValue", "datasetValue", "templateValue", "extensionValue"]),
                            set: $util.oneOfSetter($oneOfFields)
                        });

                        /**
                         * Creates a new Metric instance using the specified properties.
                         * @function create
                         * @memberof org.eclipse.tahu.protobuf.Payload.Metric
                         * @static
                         * @param {org.eclipse.tahu.protobuf.Payload.IMetric=} [properties] Properties to set
                         * @returns {org.eclipse.tahu.protobuf.Payload.Metric} Metric instance
                         */
                        Metric.create = function create(properties) {
                            return new Metric(properties);
                        };

                        /**
                         * Encodes the specified Metric message. Does not implicitly {@link org.eclipse.tahu.protobuf.Payload.Metric.verify|verify} messages.
                         * @function encode
                         * @memberof org.eclipse.tahu.protobuf.Payload.Metric
                         * @static
                         * @param {org.eclipse.tahu.protobuf.Payload.IMetric} message Metric message or plain object to encode
                         * @param {$protobuf.Writer} [writer] Writer to encode to
                         * @returns {$protobuf.Writer} Writer
                         */
                        Metric.encode = function encode(message, writer, q) {
                            if (!writer)
                                writer = $Writer.create();
                            if (q === undefined)
                                q = 0;
                            if (q > $util.recursionLimit)
                                throw Error("max depth exceeded");
                            if (message.name != null && Object.hasOwnProperty.call(message, "name"))
                                writer.uint32(/* id 1, wireType 2 =*/10).string(message.name);
                            if (message.alias != null && Object.hasOwnProperty.call(message, "alias"))
                                writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.alias);
                            if (message.timestamp != null && Object.hasOwnProperty.call(message, "timestamp"))
                                writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.timestamp);
                            if (message.datatype != null && Object.hasOwnProperty.call(message, "datatype"))
                                writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.datatype);
                            if (message.isHistorical != null && Object.hasOwnProperty.call(message, "isHistorical"))
                                writer.uint32(/* id 5, wireType 0 =*/40).bool(message.isHistorical);
                            if (message.isTransient != null && Object.hasOwnProperty.call(message, "isTransient"))
                                writer.uint32(/* id 6, wireType 0 =*/48).bool(message.isTransient);
                            if (message.isNull != null && Object.hasOwnProperty.call(message, "isNull"))
                                writer.uint32(/* id 7, wireType 0 =*/56).bool(message.isNull);
                            if (message.metadata != null && Object.hasOwnProperty.call(message, "metadata"))
                                $root.org.eclipse.tahu.protobuf.Payload.MetaData.encode(message.metadata, writer.uint32(/* id 8, wireType 2 =*/66).fork(), q + 1).ldelim();
                            if (message.properties != null && Object.hasOwnProperty.call(message, "properties"))
                                $root.org.eclipse.tahu.protobuf.Payload.PropertySet.encode(message.properties, writer.uint32(/* id 9, wireType 2 =*/74).fork(), q + 1).ldelim();
                            if (message.intValue != null && Object.hasOwnProperty.call(message, "intValue"))
                                writer.uint32(/* id 10, wireType 0 =*/80).uint32(message.intValue);
                            if (message.longValue != null && Object.hasOwnProperty.call(message, "longValue"))
                                writer.uint32(/* id 11, wireType 0 =*/88).uint64(message.longValue);
                            if (message.floatValue != null && Object.hasOwnProperty.call(message, "floatValue"))
                                writer.uint32(/* id 12, wireType 5 =*/101).float(message.floatValue);
                            if (message.doubleValue != null && Object.hasOwnProperty.call(message, "doubleValue"))
                                writer.uint32(/* id 13, wireType 1 =*/105).double(message.doubleValue);
                            if (message.booleanValue != null && Object.hasOwnProperty.call(message, "booleanValue"))
                                writer.uint32(/* id 14, wireType 0 =*/112).bool(message.booleanValue);
                            if (message.stringValue != null && Object.hasOwnProperty.call(message, "stringValue"))
                                writer.uint32(/* id 15, wireType 2 =*/122).string(message.stringValue);
                            if (message.bytesValue != null && Object.hasOwnProperty.call(message, "bytesValue"))
                                writer.uint32(/* id 16, wireType 2 =*/130).bytes(message.bytesValue);
                            if (message.datasetValue != null && Object.hasOwnProperty.call(message, "datasetValue"))
                                $root.org.eclipse.tahu.protobuf.Payload.DataSet.encode(message.datasetValue, writer.uint32(/* id 17, wireType 2 =*/138).fork(), q + 1).ldelim();
                            if (message.templateValue != null && Object.hasOwnProperty.call(message, "templateValue"))
                                $root.org.eclipse.tahu.protobuf.Payload.Template.encode(message.templateValue, writer.uint32(/* id 18, wireType 2 =*/146).fork(), q + 1).ldelim();
                            if (message.extensionValue != null && Object.hasOwnProperty.call(message, "extensionValue"))
                                $root.org.eclipse.tahu.protobuf.Payload.Metric.MetricValueExtension.encode(message.extensionValue, writer.uint32(/* id 19, wireType 2 =*/154).fork(), q + 1).ldelim();
                            return writer;
                        };

                        /**
                         * Decodes a Metric message from the specified reader or buffer.
                         * @function decode
                         * @memberof org.eclipse.tahu.protobuf.Payload.Metric
                         * @static
                         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                         * @param {number} [length] Message length if known beforehand
                         * @returns {org.eclipse.tahu.protobuf.Payload.Metric} Metric
                         * @throws {Error} If the payload is not a reader or valid buffer
                         * @throws {$protobuf.util.ProtocolError} If required fields are missing
                         */
                        Metric.decode = function decode(reader, length, error, long) {
                            if (!(reader instanceof $Reader))
                                reader = $Reader.create(reader);
                            if (long === undefined)
                                long = 0;
                            if (long > $Reader.recursionLimit)
                                throw Error("maximum nesting depth exceeded");
                            let end, message;
                            if (length === undefined)
                                end = reader.len;
                            else {
                                end = reader.pos + length;
                                if (end > reader.len)
                                    throw RangeError("index out of range");
                                length = reader.len;
                                reader.len = end;
                            }
                            message = new $root.org.eclipse.tahu.protobuf.Payload.Metric();
                            while (reader.pos < end) {
                                let tag = reader.uint32();
                                if (tag === error)
                                    break;
                                switch (tag >>> 3) {
                                case 1: {
                                        message.name = reader.string();
                                        break;
                                    }
                                case 2: {
                                        message.alias = reader.uint64();
                                        break;
                                    }
                                case 3: {
                                        message.timestamp = reader.uint64();
                                        break;
                                    }
                                case 4: {
                                        message.datatype = reader.uint32();
                                        break;
                                    }
                                case 5: {
                                        message.isHistorical = reader.bool();
                                        break;
                                    }
                                case 6: {
                                        message.isTransient = reader.bool();
                                        break;
                                    }
                                case 7: {
                                        message.isNull = reader.bool();
                                        break;
                                    }
                                case 8: {
                                        message.metadata = $root.org.eclipse.tahu.protobuf.Payload.MetaData.decode(reader, reader.uint32(), undefined, long + 1);
                                        break;
                                    }
                                case 9: {
                                        message.properties = $root.org.eclipse.tahu.protobuf.Payload.PropertySet.decode(reader, reader.uint32(), undefined, long + 1);
                                        break;
                                    }
                                case 10: {
                                        message.intValue = reader.uint32();
                                        break;
                                    }
                                case 11: {
                                        message.longValue = reader.uint64();
                                        break;
                                    }
                                case 12: {
                                        message.floatValue = reader.float();
                                        break;
                                    }
                                case 13: {
                                        message.doubleValue = reader.double();
                                        break;
                                    }
                                case 14: {
                                        message.booleanValue = reader.bool();
                                        break;
                                    }
                                case 15: {
                                        message.stringValue = reader.string();
                                        break;
                                    }
                                case 16: {
                                        message.bytesValue = reader.bytes();
                                        break;
                                    }
                                case 17: {
                                        message.datasetValue = $root.org.eclipse.tahu.protobuf.Payload.DataSet.decode(reader, reader.uint32(), undefined, long + 1);
                                        break;
                                    }
                                case 18: {
                                        message.templateValue = $root.org.eclipse.tahu.protobuf.Payload.Template.decode(reader, reader.uint32(), undefined, long + 1);
                                        break;
                                    }
                                case 19: {
                                        message.extensionValue = $root.org.eclipse.tahu.protobuf.Payload.Metric.MetricValueExtension.decode(reader, reader.uint32(), undefined, long + 1);
                                        break;
                                    }
                                default:
                                    reader.skipType(tag & 7, long);
                                    break;
                                }
                            }
                            if (length !== undefined) {
                                if (reader.pos !== end)
                                    throw RangeError("index out of range");
                                reader.len = length;
                            }
                            return message;
                        };

                        Metric.MetricValueExtension = (function() {

                            /**
                             * Properties of a MetricValueExtension.
                             * @memberof org.eclipse.tahu.protobuf.Payload.Metric
                             * @interface IMetricValueExtension
                             */

                            /**
                             * Constructs a new MetricValueExtension.
                             * @memberof org.eclipse.tahu.protobuf.Payload.Metric
                             * @classdesc Represents a MetricValueExtension.
                             * @implements IMetricValueExtension
                             * @constructor
                             * @param {org.eclipse.tahu.protobuf.Payload.Metric.IMetricValueExtension=} [properties] Properties to set
                             */
                            function MetricValueExtension(properties) {
                                if (properties)
                                    for (let keys = Object.keys(properties), i = 0; i < keys.length; ++i)
                                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                            this[keys[i]] = properties[keys[i]];
                            }

                            /**
                             * Creates a new MetricValueExtension instance using the specified properties.
                             * @function create
                             * @memberof org.eclipse.tahu.protobuf.Payload.Metric.MetricValueExtension
                             * @static
                             * @param {org.eclipse.tahu.protobuf.Payload.Metric.IMetricValueExtension=} [properties] Properties to set
                             * @returns {org.eclipse.tahu.protobuf.Payload.Metric.MetricValueExtension} MetricValueExtension instance
                             */
                            MetricValueExtension.create = function create(properties) {
                                return new MetricValueExtension(properties);
                            };

                            /**
                             * Encodes the specified MetricValueExtension message. Does not implicitly {@link org.eclipse.tahu.protobuf.Payload.Metric.MetricValueExtension.verify|verify} messages.
                             * @function encode
                             * @memberof org.eclipse.tahu.protobuf.Payload.Metric.MetricValueExtension
                             * @static
                             * @param {org.eclipse.tahu.protobuf.Payload.Metric.IMetricValueExtension} message MetricValueExtension message or plain object to encode
                             * @param {$protobuf.Writer} [writer] Writer to encode to
                             * @returns {$protobuf.Writer} Writer
                             */
                            MetricValueExtension.encode = function encode(message, writer, q) {
                                if (!writer)
                                    writer = $Writer.create();
                                if (q === undefined)
                                    q = 0;
                                if (q > $util.recursionLimit)
                                    throw Error("max depth exceeded");
                                return writer;
                            };

                            /**
                             * Decodes a MetricValueExtension message from the specified reader or buffer.
                             * @function decode
                             * @memberof org.eclipse.tahu.protobuf.Payload.Metric.MetricValueExtension
                             * @static
                             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                             * @param {number} [length] Message length if known beforehand
                             * @returns {org.eclipse.tahu.protobuf.Payload.Metric.MetricValueExtension} MetricValueExtension
                             * @throws {Error} If the payload is not a reader or valid buffer
                             * @throws {$protobuf.util.ProtocolError} If required fields are missing
                             */
                            MetricValueExtension.decode = function decode(reader, length, error, long) {
                                if (!(reader instanceof $Reader))
                                    reader = $Reader.create(reader);
                                if (long === undefined)
                                    long = 0;
                                if (long > $Reader.recursionLimit)
                                    throw Error("maximum nesting depth exceeded");
                                let end, message;
                                if (length === undefined)
                                    end = reader.len;
                                else {
                                    end = reader.pos + length;
                                    if (end > reader.len)
                                        throw RangeError("index out of range");
                                    length = reader.len;
                                    reader.len = end;
                                }
                                message = new $root.org.eclipse.tahu.protobuf.Payload.Metric.MetricValueExtension();
                                while (reader.pos < end) {
                                    let tag = reader.uint32();
                                    if (tag === error)
                                        break;
                                    switch (tag >>> 3) {
                                    default:
                                        reader.skipType(tag & 7, long);
                                        break;
                                    }
                                }
                                if (length !== undefined) {
                                    if (reader.pos !== end)
                                        throw RangeError("index out of range");
                                    reader.len = length;
                                }
                                return message;
                            };

                            return MetricValueExtension;
                        })();

                        return Metric;
                    })();

                    return Payload;
                })();

                return protobuf;
            })();

            return tahu;
        })();

        return eclipse;
    })();

    return org;
})();

export { $root as default };
