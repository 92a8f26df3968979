-- MySQL dump 10.13  Distrib 5.7.44, for Linux (x86_64)
--
-- Host: localhost    Database: salon_pos
-- ------------------------------------------------------
-- Server version	5.7.44-log

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET NAMES utf8mb4 */;
/*!40103 SET TIME_ZONE='+08:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;

/*
 * Exported from the SH01 till before the CRM migration.
 * Contains a ; and a 'quote' in a comment, which must not end anything.
 */

--
-- Table structure for table `customers`
--

DROP TABLE IF EXISTS `customers`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
CREATE TABLE `customers` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `name` varchar(50) NOT NULL DEFAULT '' COMMENT '姓名, 可含括号(别名)',
  `mobile` varchar(20) DEFAULT NULL,
  `birthday` date DEFAULT NULL,
  `note` text,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uk_mobile` (`mobile`),
  KEY `idx_name` (`name`)
) ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb4 COMMENT='会员; 客户';
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `customers`
--

LOCK TABLES `customers` WRITE;
/*!40000 ALTER TABLE `customers` DISABLE KEYS */;
INSERT INTO `customers` VALUES (1,'张小红','13800138001','1990-03-05','喜欢自然卷\n不要染发'),(2,'O\'Brien 李','13900139002',NULL,'说\"老样子\"'),(3,'王芳','13800138003','1988-12-01','备注里有反斜杠 C:\\salon\\照片'),(4,'赵 ''四''','13900139004',NULL,NULL);
/*!40000 ALTER TABLE `customers` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `cards`
--

DROP TABLE IF EXISTS `cards`;
CREATE TABLE `cards` (
  `card_no` varchar(20) NOT NULL,
  `customer_id` int(11) NOT NULL,
  `balance` decimal(10,2) NOT NULL DEFAULT '0.00',
  `photo` blob,
  PRIMARY KEY (`card_no`),
  CONSTRAINT `fk_cards_customer` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

LOCK TABLES `cards` WRITE;
INSERT INTO `cards` VALUES ('VIP0001',1,1280.50,_binary 'GIF89a'),('VIP0003',3,-20.00,0x89504E47),('VIP0005',4,0.00,_binary '\0\Z');
UNLOCK TABLES;

--
-- Table structure for table `receipts`
--

DROP TABLE IF EXISTS `receipts`;
CREATE TABLE `receipts` (
  `receipt_no` varchar(20) NOT NULL,
  `store` char(4) NOT NULL,
  `paid_at` datetime NOT NULL,
  `amount` decimal(10,2) NOT NULL,
  `memo` varchar(200) DEFAULT NULL,
  PRIMARY KEY (`receipt_no`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

LOCK TABLES `receipts` WRITE;
INSERT INTO `receipts` (`receipt_no`, `store`, `paid_at`, `amount`, `memo`) VALUES ('R20240301001','SH01','2024-03-01 10:05:12',98.00,_utf8mb4'微信'),('R20240301002','SH01','2024-03-01 11:20:00',380.00,'\\\'); DROP TABLE receipts; --'),('R20240302002','SH01','2024-03-02 10:30:00',-380.00,'退款 R20240301002');
INSERT INTO `receipts` VALUES ('R20240301003','SH01','2024-03-01 14:00:45',378.00);
UNLOCK TABLES;
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

-- Dump completed on 2024-03-03  2:00:01
